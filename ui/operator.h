/*
 * operator — the operator screen (`madoguchi` with no subcommand): the
 * start-up checks, the set-up from the settings, the main loop and the
 * dispatch of keys by mode.
 */
#ifndef MADOGUCHI_UI_OPERATOR_H
#define MADOGUCHI_UI_OPERATOR_H

#include "conf.h"
#include "err.h"

/* An exit status (enum app_exit), with the line to print in err. */
int ui_operator_main(const struct conf *conf, struct err *err);

#endif
