#include "LibXML2Messages.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

// Declared here rather than through <libxml/xmlerror.h>, whose folder is not on the include
// path of this package; the library is linked through the main package's CLibXML2.
typedef void (*xmlGenericErrorFunc)(void *context, const char *message, ...);
void xmlSetGenericErrorFunc(void *context, xmlGenericErrorFunc handler);

static void abort_on_message(void *context, const char *message, ...) {
    (void)context;
    va_list arguments;
    va_start(arguments, message);
    fputs("libxml2 wrote to standard error: ", stderr);
    vfprintf(stderr, message, arguments);
    va_end(arguments);
    abort();
}

void newswatch_fuzz_abort_on_libxml2_messages(void) {
    xmlSetGenericErrorFunc(NULL, abort_on_message);
}
