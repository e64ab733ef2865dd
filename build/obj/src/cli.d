build/obj/src/cli.o: src/cli.c src/cli.h src/conf.h src/err.h \
 src/cli_faq.h src/faq.h src/text.h src/i18n.h src/paths.h
src/cli.h:
src/conf.h:
src/err.h:
src/cli_faq.h:
src/faq.h:
src/text.h:
src/i18n.h:
src/paths.h:
