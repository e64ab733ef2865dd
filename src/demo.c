#include "demo.h"
#include "file.h"
#include "i18n.h"
#include "snapshot_read.h"

#include <errno.h>
#include <limits.h>
#include <sodium.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define SEED 0x5EB0B05Ful

struct rng {
	uint64_t s;
};

/* splitmix64: small, fast, and the same on every machine. */
static uint64_t next(struct rng *r)
{
	uint64_t z = (r->s += 0x9E3779B97F4A7C15ull);

	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

static long below(struct rng *r, long n)
{
	return (long)(next(r) % (uint64_t)n);
}

struct name {
	const char *kanji, *kana, *roma;
	const char *variant;     /* a variant-kanji spelling, or NULL */
};

static const struct name surnames[] = {
	{ "佐藤", "さとう", "sato", NULL }, { "鈴木", "すずき", "suzuki", NULL },
	{ "高橋", "たかはし", "takahashi", "髙橋" }, { "田中", "たなか", "tanaka", NULL },
	{ "伊藤", "いとう", "ito", NULL }, { "渡辺", "わたなべ", "watanabe", "渡邉" },
	{ "山本", "やまもと", "yamamoto", NULL }, { "中村", "なかむら", "nakamura", NULL },
	{ "小林", "こばやし", "kobayashi", NULL }, { "加藤", "かとう", "kato", NULL },
	{ "吉田", "よしだ", "yoshida", NULL }, { "山田", "やまだ", "yamada", NULL },
	{ "佐々木", "ささき", "sasaki", NULL }, { "山口", "やまぐち", "yamaguchi", NULL },
	{ "松本", "まつもと", "matsumoto", NULL }, { "井上", "いのうえ", "inoue", NULL },
	{ "木村", "きむら", "kimura", NULL }, { "林", "はやし", "hayashi", NULL },
	{ "斎藤", "さいとう", "saito", "齋藤" }, { "清水", "しみず", "shimizu", NULL },
	{ "山崎", "やまざき", "yamazaki", "山﨑" }, { "森", "もり", "mori", NULL },
	{ "池田", "いけだ", "ikeda", NULL }, { "橋本", "はしもと", "hashimoto", NULL },
	{ "阿部", "あべ", "abe", NULL }, { "石川", "いしかわ", "ishikawa", NULL },
	{ "山下", "やました", "yamashita", NULL }, { "中島", "なかしま", "nakashima", NULL },
	{ "前田", "まえだ", "maeda", NULL }, { "藤田", "ふじた", "fujita", NULL },
	{ "後藤", "ごとう", "goto", NULL }, { "小川", "おがわ", "ogawa", NULL },
	{ "岡田", "おかだ", "okada", NULL }, { "長谷川", "はせがわ", "hasegawa", NULL },
	{ "村上", "むらかみ", "murakami", NULL }, { "近藤", "こんどう", "kondo", NULL },
	{ "坂本", "さかもと", "sakamoto", NULL }, { "遠藤", "えんどう", "endo", NULL },
	{ "鮫島", "さめしま", "sameshima", NULL }, { "有村", "ありむら", "arimura", NULL },
	{ "川畑", "かわばた", "kawabata", NULL }, { "福永", "ふくなが", "fukunaga", NULL },
	{ "東", "ひがし", "higashi", NULL }, { "上村", "うえむら", "uemura", NULL },
	{ "久保", "くぼ", "kubo", NULL }, { "原田", "はらだ", "harada", NULL },
	{ "今村", "いまむら", "imamura", NULL }, { "西", "にし", "nishi", NULL },
	{ "濵田", "はまだ", "hamada", NULL }, { "吉永", "よしなが", "yoshinaga", NULL },
};

static const struct name male[] = {
	{ "太郎", "たろう", "taro", NULL }, { "一郎", "いちろう", "ichiro", NULL },
	{ "健太", "けんた", "kenta", NULL }, { "翔太", "しょうた", "shota", NULL },
	{ "大輔", "だいすけ", "daisuke", NULL }, { "誠", "まこと", "makoto", NULL },
	{ "浩", "ひろし", "hiroshi", NULL }, { "隆", "たかし", "takashi", NULL },
	{ "修", "おさむ", "osamu", NULL }, { "勇気", "ゆうき", "yuki", NULL },
	{ "拓也", "たくや", "takuya", NULL }, { "直樹", "なおき", "naoki", NULL },
	{ "和也", "かずや", "kazuya", NULL }, { "聡", "さとし", "satoshi", NULL },
	{ "亮", "りょう", "ryo", NULL }, { "大翔", "ひろと", "hiroto", NULL },
	{ "蓮", "れん", "ren", NULL }, { "悠真", "ゆうま", "yuma", NULL },
	{ "陽介", "ようすけ", "yosuke", NULL }, { "健一", "けんいち", "kenichi", NULL },
	{ "清", "きよし", "kiyoshi", NULL }, { "博之", "ひろゆき", "hiroyuki", NULL },
};

static const struct name female[] = {
	{ "花子", "はなこ", "hanako", NULL }, { "陽子", "ようこ", "yoko", NULL },
	{ "恵子", "けいこ", "keiko", NULL }, { "京子", "きょうこ", "kyoko", NULL },
	{ "由美", "ゆみ", "yumi", NULL }, { "美咲", "みさき", "misaki", NULL },
	{ "愛", "あい", "ai", NULL }, { "彩", "あや", "aya", NULL },
	{ "真由美", "まゆみ", "mayumi", NULL }, { "智子", "ともこ", "tomoko", NULL },
	{ "久美子", "くみこ", "kumiko", NULL }, { "直美", "なおみ", "naomi", NULL },
	{ "裕子", "ゆうこ", "yuko", NULL }, { "明美", "あけみ", "akemi", NULL },
	{ "さくら", "さくら", "sakura", NULL }, { "葵", "あおい", "aoi", NULL },
	{ "結衣", "ゆい", "yui", NULL }, { "千尋", "ちひろ", "chihiro", NULL },
	{ "祥子", "しょうこ", "shoko", NULL }, { "幸子", "さちこ", "sachiko", NULL },
};

static const char *const places[] = {
	"鹿児島県志布志市志布志町志布志", "鹿児島県志布志市有明町野井倉", "鹿児島県志布志市松山町新橋",
	"鹿児島県鹿屋市寿", "鹿児島県鹿児島市山下町", "宮崎県都城市姫城町", "福岡県福岡市中央区天神",
	"東京都千代田区丸の内", "大阪府大阪市北区梅田", "神奈川県横浜市西区みなとみらい",
	"愛知県名古屋市中区栄", "北海道札幌市中央区北一条西",
};

/* Half-width katakana for ぁ (U+3041) .. ん (U+3093). */
static const char *const halfwidth[83] = {
	"ｧ", "ｱ", "ｨ", "ｲ", "ｩ", "ｳ", "ｪ", "ｴ", "ｫ", "ｵ", "ｶ", "ｶﾞ", "ｷ", "ｷﾞ", "ｸ", "ｸﾞ", "ｹ",
	"ｹﾞ", "ｺ", "ｺﾞ", "ｻ", "ｻﾞ", "ｼ", "ｼﾞ", "ｽ", "ｽﾞ", "ｾ", "ｾﾞ", "ｿ", "ｿﾞ", "ﾀ", "ﾀﾞ", "ﾁ",
	"ﾁﾞ", "ｯ", "ﾂ", "ﾂﾞ", "ﾃ", "ﾃﾞ", "ﾄ", "ﾄﾞ", "ﾅ", "ﾆ", "ﾇ", "ﾈ", "ﾉ", "ﾊ", "ﾊﾞ", "ﾊﾟ",
	"ﾋ", "ﾋﾞ", "ﾋﾟ", "ﾌ", "ﾌﾞ", "ﾌﾟ", "ﾍ", "ﾍﾞ", "ﾍﾟ", "ﾎ", "ﾎﾞ", "ﾎﾟ", "ﾏ", "ﾐ", "ﾑ", "ﾒ",
	"ﾓ", "ｬ", "ﾔ", "ｭ", "ﾕ", "ｮ", "ﾖ", "ﾗ", "ﾘ", "ﾙ", "ﾚ", "ﾛ", "ﾜ", "ﾜ", "ｲ", "ｴ", "ｦ", "ﾝ",
};

enum script { HIRAGANA, KATAKANA, HALFWIDTH };

/* Re-writes a hiragana reading (3-byte UTF-8 characters, ASCII spaces). */
static void kana_in(const char *in, enum script sc, char *out, size_t size)
{
	size_t o = 0;

	while (*in && o + 8 < size) {
		unsigned cp;

		if ((unsigned char)*in < 0x80) {
			out[o++] = *in++;
			continue;
		}
		cp = ((unsigned)(in[0] & 0x0F) << 12) | ((unsigned)(in[1] & 0x3F) << 6) | (unsigned)(in[2] & 0x3F);
		in += 3;
		if (sc == HALFWIDTH && cp >= 0x3041 && cp <= 0x3093) {
			o += (size_t)snprintf(out + o, size - o, "%s", halfwidth[cp - 0x3041]);
			continue;
		}
		if (sc == KATAKANA && cp >= 0x3041 && cp <= 0x3096)
			cp += 0x60;
		out[o++] = (char)(0xE0 | (cp >> 12));
		out[o++] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[o++] = (char)(0x80 | (cp & 0x3F));
	}
	out[o] = '\0';
}

struct person {
	char ref[24], name[64], kana[128], birth[40], gender[8], postal[12], address[160];
	char email[80], phone[20];
};

struct date {
	int y, m, d;
};

static long days_from_civil(int y, int m, int d)
{
	y -= m <= 2;
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return era * 146097 + doe - 719468;
}

static struct date civil_from_days(long z)
{
	z += 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	long doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;
	struct date r;

	r.d = (int)(doy - (153 * mp + 2) / 5 + 1);
	r.m = (int)(mp < 10 ? mp + 3 : mp - 9);
	r.y = (int)(yoe + era * 400 + (r.m <= 2));
	return r;
}

static struct date random_date(struct rng *r, struct date from, struct date to)
{
	long a = days_from_civil(from.y, from.m, from.d), b = days_from_civil(to.y, to.m, to.d);

	return civil_from_days(a + below(r, b - a + 1));
}

/* Written as people write them: ISO, slashes, or the era (S50.3.1, 昭和50年3月1日). */
static void birth_text(struct rng *r, struct date d, char *out, size_t size)
{
	long k = below(r, 10);
	long day = days_from_civil(d.y, d.m, d.d);
	bool heisei = day >= days_from_civil(1989, 1, 8);
	int ey = heisei ? d.y - 1988 : d.y - 1925;

	if (k < 5 || ey == 1)
		snprintf(out, size, "%04d-%02d-%02d", d.y, d.m, d.d);
	else if (k < 7)
		snprintf(out, size, "%04d/%d/%d", d.y, d.m, d.d);
	else if (k < 9)
		snprintf(out, size, "%s%d年%d月%d日", heisei ? "平成" : "昭和", ey, d.m, d.d);
	else
		snprintf(out, size, "%s%d.%d.%d", heisei ? "H" : "S", ey, d.m, d.d);
}

/* A phone number unique to person i (a bijection of i mixed into 8 digits). */
static void phone_of(long i, struct rng *r, char *out, size_t size)
{
	static const char *const pre[] = { "090", "080", "070" };
	uint64_t x = ((uint64_t)i * 48271u + 12345u) % 100000000u;
	const char *p = pre[i % 3];

	if (below(r, 4) == 0)
		snprintf(out, size, "%s%08llu", p, (unsigned long long)x);
	else
		snprintf(out, size, "%s-%04llu-%04llu", p, (unsigned long long)(x / 10000),
			 (unsigned long long)(x % 10000));
}

/* Each person's identity comes from a generator seeded by their number, so
 * their card-donation records repeat it exactly. */
static void make_person(long i, struct person *p)
{
	struct rng rr = { SEED ^ ((uint64_t)(i + 1) * 0x9E3779B97F4A7C15ull) }, *r = &rr;
	const struct name *s = &surnames[below(r, sizeof surnames / sizeof surnames[0])];
	bool is_male = below(r, 2) == 0;
	const struct name *g = is_male ? &male[below(r, sizeof male / sizeof male[0])]
				       : &female[below(r, sizeof female / sizeof female[0])];
	char reading[96];
	long k = below(r, 20);
	struct date b = random_date(r, (struct date){ 1940, 1, 1 }, (struct date){ 2004, 12, 31 });

	snprintf(p->ref, sizeof p->ref, "SB-%06ld", i + 1);
	snprintf(p->name, sizeof p->name, "%s%s%s",
		 s->variant && below(r, 3) == 0 ? s->variant : s->kanji,
		 below(r, 2) ? "　" : " ", g->kanji);
	snprintf(reading, sizeof reading, "%s %s", s->kana, g->kana);
	kana_in(reading, k < 2 ? HALFWIDTH : k < 6 ? KATAKANA : HIRAGANA, p->kana, sizeof p->kana);
	birth_text(r, b, p->birth, sizeof p->birth);
	snprintf(p->gender, sizeof p->gender, "%s", is_male ? "男" : "女");
	snprintf(p->postal, sizeof p->postal, below(r, 2) ? "%03ld-%04ld" : "%03ld%04ld",
		 100 + below(r, 900), below(r, 10000));
	snprintf(p->address, sizeof p->address, "%s%ld-%ld-%ld%s",
		 places[below(r, sizeof places / sizeof places[0])], 1 + below(r, 9),
		 1 + below(r, 30), 1 + below(r, 20),
		 below(r, 25) == 0 ? "\nコーポ志布志 101" : below(r, 25) == 0 ? "、\"はなれ\"" : "");
	snprintf(p->email, sizeof p->email, "%s.%s%ld@example.%s", g->roma, s->roma, i + 1,
		 below(r, 2) ? "jp" : "com");
	phone_of(i, r, p->phone, sizeof p->phone);
}

/* RFC 4180: quote when needed, double the quotes. */
static void field(FILE *f, const char *s, bool last)
{
	if (strpbrk(s, ",\"\r\n")) {
		putc('"', f);
		for (; *s; s++) {
			if (*s == '"')
				putc('"', f);
			putc(*s, f);
		}
		putc('"', f);
	} else {
		fputs(s, f);
	}
	fputs(last ? "\r\n" : ",", f);
}

static void date_iso(struct date d, char *out, size_t size)
{
	snprintf(out, size, "%04d-%02d-%02d", d.y, d.m, d.d);
}

/* One record.  A card-donation record carries what the donation form asked. */
static void row(FILE *f, const struct person *p, bool card, const char *when, const char *notified,
		bool with_ref)
{
	field(f, with_ref ? p->ref : "", false);
	field(f, p->name, false);
	field(f, p->kana, false);
	field(f, card ? "" : p->birth, false);
	field(f, card ? "" : p->gender, false);
	field(f, p->postal, false);
	field(f, card ? "" : p->address, false);
	field(f, p->email, false);
	field(f, p->phone, false);
	field(f, when, false);
	field(f, card ? "1" : "0", false);
	field(f, card ? "0" : "1", false);
	field(f, notified, true);
}

/* People documented for trying the lookup; see the header comment. */
static const struct person known[] = {
	{ "SB-KNOWN-1", "志布志 太郎", "しぶし たろう", "S50.3.1", "男", "899-7192",
	  "鹿児島県志布志市志布志町志布志2-1-1", "taro.shibushi@example.jp", "099-472-1111" },
	{ "SB-KNOWN-2", "山﨑 花子", "ﾔﾏｻﾞｷ ﾊﾅｺ", "1988-07-07", "女", "8997103",
	  "鹿児島県志布志市有明町野井倉1-2-3", "hanako@example.jp", "080-1234-5678" },
	{ "SB-KNOWN-3", "田中 浩", "たなか ひろし", "1970-01-01", "男", "892-0816",
	  "鹿児島県鹿児島市山下町11-1", "h.tanaka@example.com", "090-1111-0001" },
	{ "SB-KNOWN-4", "田中 宏", "たなか ひろし", "1970-01-01", "男", "150-0001",
	  "東京都渋谷区神宮前1-1-1", "hiroshi.t@example.com", "090-1111-0002" },
	{ "SB-KNOWN-5", "髙橋 一郎", "タカハシ イチロウ", "H2.4.1", "男", "885-0024",
	  "宮崎県都城市姫城町6-21", "ichiro@example.jp", "070-2222-3333" },
	{ "SB-KNOWN-6", "齋藤 祥子", "さいとう しょうこ", "昭和40年11月23日", "女", "899-7492",
	  "鹿児島県志布志市有明町野井倉2-2", "shoko.saito@example.com", "090-5555-6666" },
};

static const struct date ui1_from = { 2019, 6, 28 }, ui1_to = { 2019, 7, 5 };
static const struct date ui2_from = { 2021, 3, 11 }, ui2_to = { 2021, 12, 24 };
static const struct date card_from = { 2021, 3, 12 }, card_to = { 2021, 12, 29 };

static void notice(struct rng *r, char *out, size_t size)
{
	if (below(r, 5) == 0) {
		out[0] = '\0';
		return;
	}
	date_iso(random_date(r, (struct date){ 2022, 6, 1 }, (struct date){ 2022, 7, 15 }), out, size);
}

static void write_known(FILE *f, struct demo_counts *n)
{
	/* 1: user info and two card donations; 2-4: user info only (3 and 4
	 * share reading and birth date); 5: a card donation only; 6: user
	 * info and a card donation recorded without ref. */
	row(f, &known[0], false, "2019-06-30", "2022-06-10", true);
	row(f, &known[0], true, "2021-04-02", "2022-06-10", true);
	row(f, &known[0], true, "2021-11-20", "2022-06-10", true);
	row(f, &known[1], false, "2021-05-05", "", true);
	row(f, &known[2], false, "2021-08-01", "2022-06-10", true);
	row(f, &known[3], false, "2021-09-09", "2022-06-11", true);
	row(f, &known[4], true, "2021-07-07", "2022-06-12", true);
	row(f, &known[5], false, "2019-07-01", "2022-06-13", true);
	row(f, &known[5], true, "2021-12-01", "2022-06-13", false);
	n->rows += 9;
	n->userinfo_persons += 5;
	n->card_records += 4;
	n->card_persons += 3;
}

static void generate(FILE *f, long users, struct demo_counts *n)
{
	long cards = users * DEMO_CARD_RECORDS / DEMO_USERINFO;
	long known_users = 5, known_cards = 4;
	long donors = (cards - known_cards) * 6 / 7, outsiders = donors / 10;
	struct rng r = { SEED };
	struct person p;
	char when[16], nt[16];

	fputs("ref,name,kana,birth_date,gender,postal_code,address,email,phone,"
	      "registered_on,card_exposed,userinfo_exposed,notified_on\r\n", f);
	write_known(f, n);
	/* Person i < users has user info; donors are people 0..donors-1 of a
	 * shuffled order, the last `outsiders` of them outside the user list. */
	for (long i = 0; i < users - known_users; i++) {
		struct date d;

		make_person(i, &p);
		d = below(&r, 8) == 0 ? random_date(&r, ui1_from, ui1_to) : random_date(&r, ui2_from, ui2_to);
		date_iso(d, when, sizeof when);
		notice(&r, nt, sizeof nt);
		row(f, &p, false, when, nt, true);
		n->rows++;
		n->userinfo_persons++;
	}
	for (long j = 0; j < cards - known_cards; j++) {
		long d = j < donors ? j : below(&r, donors);
		long who = d < donors - outsiders ? (d * 7919) % (users - known_users)
						  : users - known_users + (d - (donors - outsiders));

		make_person(who, &p);
		date_iso(random_date(&r, card_from, card_to), when, sizeof when);
		notice(&r, nt, sizeof nt);
		row(f, &p, true, when, nt, true);
		n->rows++;
		n->card_records++;
		if (j < donors)
			n->card_persons++;
	}
}

static int mkdirs(const char *dir, struct err *err)
{
	char failed[PATH_MAX];

	if (file_mkdirs(dir, 0755, failed, sizeof failed) == 0)
		return 0;
	if (errno == ENOENT || errno == ENAMETOOLONG)
		return err_set(err, _("demo: --dir '%s' is not a usable directory name"), dir);
	return err_set(err, _("demo: cannot create %s: %s"), failed, strerror(errno));
}

/* SHA-256 of a file as hex; -1 when it cannot be read. */
static int file_sha256(const char *path, char hex[65])
{
	crypto_hash_sha256_state st;
	unsigned char buf[1 << 16], sum[crypto_hash_sha256_BYTES];
	FILE *f = fopen(path, "rb");
	size_t got;
	int bad;

	if (!f)
		return -1;
	crypto_hash_sha256_init(&st);
	while ((got = fread(buf, 1, sizeof buf, f)) > 0)
		crypto_hash_sha256_update(&st, buf, got);
	bad = ferror(f);
	fclose(f);
	if (bad)
		return -1;
	crypto_hash_sha256_final(&st, sum);
	sodium_bin2hex(hex, 65, sum, sizeof sum);
	return 0;
}

/* The marker lists the SHA-256 of every list the demo wrote in dir, so a
 * later run knows those files (and snapshots imported from them) as its
 * own even when the generator has changed since. */
static bool marked(const char *marker, const char *sha)
{
	char line[128];
	bool found = false;
	FILE *f = fopen(marker, "r");

	if (!f)
		return false;
	while (!found && fgets(line, sizeof line, f))
		found = strncmp(line, sha, 64) == 0 && (line[64] == '\n' || line[64] == '\0');
	fclose(f);
	return found;
}

static bool ours(const char *marker, const char *mine, const char *sha)
{
	return strcmp(sha, mine) == 0 || marked(marker, sha);
}

/* An existing file the demo would replace must be one it wrote: a list
 * with a known hash, or a snapshot imported from such a list.  Anything
 * else may be an office's real data. */
static int check_ours(const char *path, bool snapshot, const char *marker, const char *mine,
		      struct err *err)
{
	struct stat st;
	char sha[65];

	if (lstat(path, &st) != 0 && errno == ENOENT)
		return 0;
	if (lstat(path, &st) == 0 && S_ISREG(st.st_mode) &&
	    (snapshot ? snapshot_source(path, sha) : file_sha256(path, sha)) == 0 && ours(marker, mine, sha))
		return 0;
	return err_set(err, _("demo: %s exists and is not one the demo made; nothing was written: "
		       "choose an empty directory with --dir"), path);
}

static int mark(const char *marker, const char *sha, struct err *err)
{
	FILE *f;
	int bad;

	if (marked(marker, sha))
		return 0;
	if (!(f = fopen(marker, "a")))
		return err_set(err, _("demo: cannot write %s: %s"), marker, strerror(errno));
	bad = fprintf(f, "%s\n", sha) < 0;
	if (fclose(f) != 0 || bad)
		return err_set(err, _("demo: cannot write %s: %s"), marker, strerror(errno));
	return 0;
}

int demo_write(const char *dir, const char *csv_path, const char *db_path, long persons,
	       struct demo_counts *n, struct err *err)
{
	char tmp[PATH_MAX], marker[PATH_MAX], sha[65];
	FILE *f;
	int bad;

	memset(n, 0, sizeof *n);
	if (sodium_init() < 0)
		return err_set(err, _("libsodium cannot start"));
	if (mkdirs(dir, err))
		return -1;
	if ((size_t)snprintf(tmp, sizeof tmp, "%s.tmp", csv_path) >= sizeof tmp ||
	    (size_t)snprintf(marker, sizeof marker, "%s/%s", dir, DEMO_MARKER) >= sizeof marker)
		return err_set(err, _("demo: %s: path too long"), csv_path);
	f = fopen(tmp, "w");
	if (!f)
		return err_set(err, _("demo: cannot write %s: %s"), tmp, strerror(errno));
	setvbuf(f, NULL, _IOFBF, 1 << 20);
	generate(f, persons > 0 ? persons : DEMO_USERINFO, n);
	bad = ferror(f);
	if (fclose(f) != 0 || bad || file_sha256(tmp, sha) != 0) {
		err_set(err, _("demo: cannot write %s: %s"), csv_path, strerror(errno));
		unlink(tmp);
		return -1;
	}
	if (check_ours(csv_path, false, marker, sha, err) ||
	    (db_path && check_ours(db_path, true, marker, sha, err)) || mark(marker, sha, err)) {
		unlink(tmp);
		return -1;
	}
	if (rename(tmp, csv_path) != 0) {
		err_set(err, _("demo: cannot write %s: %s"), csv_path, strerror(errno));
		unlink(tmp);
		return -1;
	}
	return 0;
}
