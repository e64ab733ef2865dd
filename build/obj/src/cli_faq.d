build/obj/src/cli_faq.o: src/cli_faq.c src/cli_faq.h src/cli.h src/conf.h \
 src/err.h src/faq.h src/text.h
src/cli_faq.h:
src/cli.h:
src/conf.h:
src/err.h:
src/faq.h:
src/text.h:
