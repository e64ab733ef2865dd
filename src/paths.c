#include "paths.h"

#ifndef PATHS_DATADIR
#error "PATHS_DATADIR must be set by the Makefile"
#endif

const char *paths_datadir(void) { return PATHS_DATADIR; }
const char *paths_faqdir(void) { return PATHS_FAQDIR; }
const char *paths_localedir(void) { return PATHS_LOCALEDIR; }
const char *paths_sysconfdir(void) { return PATHS_SYSCONF; }
