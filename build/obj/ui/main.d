build/obj/ui/main.o: ui/main.c src/cli.h src/conf.h src/err.h
src/cli.h:
src/conf.h:
src/err.h:
