build/obj/src/conf.o: src/conf.c src/conf.h src/err.h src/paths.h
src/conf.h:
src/err.h:
src/paths.h:
