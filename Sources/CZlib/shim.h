#ifndef NEWSWATCH_CZLIB_SHIM_H
#define NEWSWATCH_CZLIB_SHIM_H
#include <zlib.h>
// inflateInit2 is a macro; Swift cannot call it, so it gets a function here.
static inline int newswatch_inflateInit2(z_streamp strm, int windowBits) {
    return inflateInit2(strm, windowBits);
}
#endif
