#ifndef NEWSWATCH_CSTEMMER_SHIM_H
#define NEWSWATCH_CSTEMMER_SHIM_H
#include <libstemmer.h>
#endif
