build/obj/src/i18n.o: src/i18n.c src/i18n.h
src/i18n.h:
