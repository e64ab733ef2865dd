/*
 * kana — one spelling for what sounds the same in kana.
 *
 * A caller says a name; the affected list holds it as someone once wrote
 * it.  Spellings that a listener cannot tell apart are made one here, so
 * that the reading the operator types meets the reading in the list
 * whichever way either was written:
 *
 *   repeat marks  ゝ ヽ repeat the kana before them unvoiced, ゞ ヾ voiced
 *                 (さゝき = ささき, いすゞ = いすず, ミスヾ = ミスズ);
 *   same sounds   ぢ = じ, づ = ず, ゐ = い, ゑ = え, を = お, ゔ = ぶ,
 *                 わ゙ ゐ゙ ゑ゙ を゙ (ヷ ヸ ヹ ヺ) = ば び べ ぼ;
 *   long vowels   after a kana whose vowel is V, a kana that only
 *                 lengthens V is written one way: ー, あ after a-row,
 *                 い after i-row, う after u-row, い or え after e-row
 *                 (as い), う or お after o-row (as う).  So さいとう,
 *                 さいとお and さいとー are one reading, as are けいこ,
 *                 けえこ and けーこ.  ー with no vowel before it (after ん)
 *                 stays ー.
 *
 * A name factor never verifies alone (a birth date, phone or e-mail must
 * match too), so folding sounds that callers cannot tell apart costs no
 * privacy; not folding them answers "not in the list" to listed people.
 *
 * The FAQ search fold (text_fold) expands ゝ ゞ the same way; kana_repeat
 * is the one implementation of it for the identifiers.
 *
 * Ownership: the caller's buffers.
 */
#ifndef MADOGUCHI_KANA_H
#define MADOGUCHI_KANA_H

#include <stddef.h>

/* The kana a repeat mark (ゝ ゞ ヽ ヾ) stands for after prev: prev
 * without its voicing mark for ゝ ヽ, with ゛ for ゞ ヾ (prev itself when
 * it has no voiced form); prev keeps its script, whichever mark is used.
 * 0 when mark is none of the four or prev is not a kana letter (a kanji,
 * ー, nothing), which leaves the mark to stand as written. */
unsigned int kana_repeat(unsigned int prev, unsigned int mark);

/* The vowel of a hiragana letter: 'a' 'i' 'u' 'e' 'o', or 0 (ん, っ, ー,
 * anything else). */
char kana_vowel(unsigned int uc);

/* Folds a reading in place: s[0..n) holds full-size hiragana, ー, ゝ ゞ
 * and U+3099 after わゐゑを only (what ident's kana rules leave).  Repeat
 * marks, same sounds and long vowels as above; the result is never longer
 * (every step keeps 3 bytes or drops some).  Returns its length and puts
 * a NUL there.  Folding the result again changes nothing. */
size_t kana_fold_reading(char *s, size_t n);

#endif
