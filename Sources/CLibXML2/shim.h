#ifndef NEWSWATCH_CLIBXML2_SHIM_H
#define NEWSWATCH_CLIBXML2_SHIM_H
// Debian's libxml2 is built with ICU, so its encoding.h pulls in <unicode/ucnv.h>. Those
// system ICU headers clash with the ICU that Foundation bundles ('UErrorCode has different
// definitions') in any module that sees both. newswatch never uses libxml2's ICU converters
// (pages are decoded to UTF-8 before parsing) and never touches xmlCharEncodingHandler's
// fields, so the ICU part of the headers is switched off here.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/HTMLparser.h>
#include <libxml/HTMLtree.h>
#include <libxml/tree.h>
#include <libxml/parser.h>
#include <libxml/xmlerror.h>
#include <libxml/encoding.h>
#endif
