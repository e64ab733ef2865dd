build/obj/src/paths.o: src/paths.c src/paths.h
src/paths.h:
