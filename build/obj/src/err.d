build/obj/src/err.o: src/err.c src/err.h
src/err.h:
