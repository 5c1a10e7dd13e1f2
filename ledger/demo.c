/*
 * Synthetic residents and accounts for the demo ledger, the tests and the
 * benchmark.  Everything is derived from (seed, i) by hashing, so resident
 * i is the same person on every run and no state is kept between calls.
 *
 * The population is laid out in blocks of four consecutive indices: block
 * b = i / 4 holds one household of 1-4 people (a head, a spouse of the
 * other sex, then children born to the head at 24-42) sharing surname,
 * address, 方書 and telephone; the block's remaining indices are people
 * living alone.  Identifiers:
 *   宛名番号   i + 1, ten digits zero-padded ("0000000001" for i = 0);
 *   世帯番号   the 宛名番号 of the household's head;
 *   My Number  eleven digits from a keyed Feistel permutation of i + 1
 *              over [0, 10^11), walked past 00000000000 (the only
 *              repeated-digit number with a valid check digit), so that
 *              distinct i give distinct numbers; then the check digit;
 *   telephone  075-0xx-xxxx or 0x0-0xxx-xxxx: a subscriber number never
 *              starts with 0 in Japan, so no real line is named.
 * Addresses are real Kyoto-city ward and town names with plausible postal
 * codes; 番地 and 方書 are made up.  Nothing here is real personal data.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "auth.h"
#include "demo.h"
#include "ledger_internal.h"
#include "mynumber.h"
#include "resident.h"
#include "users.h"
#include "wareki.h"
#include "xmalloc.h"

#define NELEM(a) (sizeof (a) / sizeof (a)[0])

struct name {
	const char *kanji;
	const char *kana;
};

/* Common surnames, roughly by frequency; a few rare forms (髙, 﨑, 𠮷) at
 * the end exercise the encoding edges of exports and printing. */
static const struct name surnames[] = {
	{ "佐藤", "サトウ" }, { "鈴木", "スズキ" }, { "高橋", "タカハシ" },
	{ "田中", "タナカ" }, { "伊藤", "イトウ" }, { "渡辺", "ワタナベ" },
	{ "山本", "ヤマモト" }, { "中村", "ナカムラ" }, { "小林", "コバヤシ" },
	{ "加藤", "カトウ" }, { "吉田", "ヨシダ" }, { "山田", "ヤマダ" },
	{ "佐々木", "ササキ" }, { "山口", "ヤマグチ" }, { "松本", "マツモト" },
	{ "井上", "イノウエ" }, { "木村", "キムラ" }, { "林", "ハヤシ" },
	{ "斎藤", "サイトウ" }, { "清水", "シミズ" }, { "山崎", "ヤマザキ" },
	{ "森", "モリ" }, { "池田", "イケダ" }, { "橋本", "ハシモト" },
	{ "阿部", "アベ" }, { "石川", "イシカワ" }, { "山下", "ヤマシタ" },
	{ "中島", "ナカジマ" }, { "石井", "イシイ" }, { "小川", "オガワ" },
	{ "前田", "マエダ" }, { "岡田", "オカダ" }, { "長谷川", "ハセガワ" },
	{ "藤田", "フジタ" }, { "後藤", "ゴトウ" }, { "近藤", "コンドウ" },
	{ "村上", "ムラカミ" }, { "遠藤", "エンドウ" }, { "青木", "アオキ" },
	{ "坂本", "サカモト" }, { "斉藤", "サイトウ" }, { "福田", "フクダ" },
	{ "太田", "オオタ" }, { "西村", "ニシムラ" }, { "藤井", "フジイ" },
	{ "金子", "カネコ" }, { "岡本", "オカモト" }, { "藤原", "フジワラ" },
	{ "中野", "ナカノ" }, { "三浦", "ミウラ" }, { "原田", "ハラダ" },
	{ "中川", "ナカガワ" }, { "松田", "マツダ" }, { "竹内", "タケウチ" },
	{ "小野", "オノ" }, { "田村", "タムラ" }, { "中山", "ナカヤマ" },
	{ "和田", "ワダ" }, { "石田", "イシダ" }, { "森田", "モリタ" },
	{ "上田", "ウエダ" }, { "原", "ハラ" }, { "内田", "ウチダ" },
	{ "柴田", "シバタ" }, { "酒井", "サカイ" }, { "宮崎", "ミヤザキ" },
	{ "横山", "ヨコヤマ" }, { "高木", "タカギ" }, { "安藤", "アンドウ" },
	{ "宮本", "ミヤモト" }, { "大野", "オオノ" }, { "小島", "コジマ" },
	{ "谷口", "タニグチ" }, { "工藤", "クドウ" }, { "今井", "イマイ" },
	{ "高田", "タカダ" }, { "増田", "マスダ" }, { "丸山", "マルヤマ" },
	{ "杉山", "スギヤマ" }, { "村田", "ムラタ" }, { "大塚", "オオツカ" },
	{ "新井", "アライ" }, { "小山", "コヤマ" }, { "平野", "ヒラノ" },
	{ "藤本", "フジモト" }, { "河野", "コウノ" }, { "上野", "ウエノ" },
	{ "野口", "ノグチ" }, { "武田", "タケダ" }, { "松井", "マツイ" },
	{ "千葉", "チバ" }, { "岩崎", "イワサキ" }, { "菅原", "スガワラ" },
	{ "木下", "キノシタ" }, { "久保", "クボ" }, { "佐野", "サノ" },
	{ "野村", "ノムラ" }, { "松尾", "マツオ" }, { "市川", "イチカワ" },
	{ "菊地", "キクチ" }, { "杉本", "スギモト" }, { "古川", "フルカワ" },
	{ "大西", "オオニシ" }, { "島田", "シマダ" }, { "水野", "ミズノ" },
	{ "桜井", "サクライ" }, { "高野", "タカノ" }, { "渡部", "ワタナベ" },
	{ "吉川", "ヨシカワ" }, { "山内", "ヤマウチ" }, { "西田", "ニシダ" },
	{ "飯田", "イイダ" }, { "菊池", "キクチ" }, { "西川", "ニシカワ" },
	{ "小松", "コマツ" }, { "北村", "キタムラ" }, { "安田", "ヤスダ" },
	{ "五十嵐", "イガラシ" }, { "川口", "カワグチ" }, { "平田", "ヒラタ" },
	{ "関", "セキ" }, { "中田", "ナカタ" }, { "久保田", "クボタ" },
	{ "服部", "ハットリ" }, { "東", "ヒガシ" }, { "岩田", "イワタ" },
	{ "土屋", "ツチヤ" }, { "川崎", "カワサキ" }, { "福島", "フクシマ" },
	{ "本田", "ホンダ" }, { "辻", "ツジ" }, { "樋口", "ヒグチ" },
	{ "秋山", "アキヤマ" }, { "田口", "タグチ" }, { "永井", "ナガイ" },
	{ "山中", "ヤマナカ" }, { "中西", "ナカニシ" }, { "吉村", "ヨシムラ" },
	{ "川上", "カワカミ" }, { "石原", "イシハラ" }, { "大橋", "オオハシ" },
	{ "松岡", "マツオカ" }, { "馬場", "ババ" }, { "浜田", "ハマダ" },
	{ "森本", "モリモト" }, { "星野", "ホシノ" }, { "矢野", "ヤノ" },
	{ "浅野", "アサノ" }, { "大久保", "オオクボ" }, { "松下", "マツシタ" },
	{ "髙橋", "タカハシ" }, { "山﨑", "ヤマサキ" }, { "𠮷田", "ヨシダ" },
};

/* Given names, from names common in the 1920s-50s to those of the 2010s-20s:
 * a person born in year y draws from a window that slides along the list. */
static const struct name male_names[] = {
	{ "清", "キヨシ" }, { "茂", "シゲル" }, { "勇", "イサム" },
	{ "進", "ススム" }, { "実", "ミノル" }, { "正", "タダシ" },
	{ "三郎", "サブロウ" }, { "四郎", "シロウ" }, { "義男", "ヨシオ" },
	{ "正男", "マサオ" }, { "光男", "ミツオ" }, { "武", "タケシ" },
	{ "弘", "ヒロシ" }, { "昭", "アキラ" }, { "和夫", "カズオ" },
	{ "昭夫", "アキオ" }, { "忠", "タダシ" }, { "勝", "マサル" },
	{ "功", "イサオ" }, { "稔", "ミノル" }, { "豊", "ユタカ" },
	{ "博", "ヒロシ" }, { "浩", "ヒロシ" }, { "修", "オサム" },
	{ "隆", "タカシ" }, { "明", "アキラ" }, { "次郎", "ジロウ" },
	{ "一郎", "イチロウ" }, { "太郎", "タロウ" }, { "幸一", "コウイチ" },
	{ "孝", "タカシ" }, { "晃", "アキラ" }, { "透", "トオル" },
	{ "徹", "トオル" }, { "浩二", "コウジ" }, { "健二", "ケンジ" },
	{ "誠一", "セイイチ" }, { "康弘", "ヤスヒロ" }, { "和彦", "カズヒコ" },
	{ "秀樹", "ヒデキ" }, { "英樹", "ヒデキ" }, { "正樹", "マサキ" },
	{ "秀明", "ヒデアキ" }, { "純一", "ジュンイチ" }, { "健一", "ケンイチ" },
	{ "誠", "マコト" }, { "聡", "サトシ" }, { "智", "サトシ" },
	{ "学", "マナブ" }, { "剛", "ツヨシ" }, { "悟", "サトル" },
	{ "淳", "ジュン" }, { "賢治", "ケンジ" }, { "哲也", "テツヤ" },
	{ "信也", "シンヤ" }, { "直樹", "ナオキ" }, { "達也", "タツヤ" },
	{ "和也", "カズヤ" }, { "大輔", "ダイスケ" }, { "拓也", "タクヤ" },
	{ "智也", "トモヤ" }, { "雅人", "マサト" }, { "慎吾", "シンゴ" },
	{ "健", "ケン" }, { "亮", "リョウ" }, { "俊介", "シュンスケ" },
	{ "圭介", "ケイスケ" }, { "祐介", "ユウスケ" }, { "健太", "ケンタ" },
	{ "翔太", "ショウタ" }, { "大樹", "ダイキ" }, { "裕太", "ユウタ" },
	{ "雄大", "ユウダイ" }, { "亮太", "リョウタ" }, { "拓海", "タクミ" },
	{ "翔", "ショウ" }, { "駿", "シュン" }, { "涼", "リョウ" },
	{ "航", "ワタル" }, { "翼", "ツバサ" }, { "海斗", "カイト" },
	{ "優斗", "ユウト" }, { "大和", "ヤマト" }, { "陽太", "ヨウタ" },
	{ "瑛太", "エイタ" }, { "奏太", "ソウタ" }, { "颯太", "ソウタ" },
	{ "龍之介", "リュウノスケ" }, { "悠真", "ユウマ" }, { "悠人", "ユウト" },
	{ "大翔", "ヒロト" }, { "陸", "リク" }, { "樹", "イツキ" },
	{ "蒼", "アオイ" }, { "湊", "ミナト" }, { "陽翔", "ハルト" },
	{ "悠斗", "ハルト" }, { "蓮", "レン" }, { "結翔", "ユイト" },
	{ "朝陽", "アサヒ" }, { "律", "リツ" }, { "陽向", "ヒナタ" },
	{ "颯", "ハヤテ" }, { "湊斗", "ミナト" }, { "蒼空", "ソラ" },
	{ "碧", "アオイ" }, { "新", "アラタ" },
};

static const struct name female_names[] = {
	{ "千代子", "チヨコ" }, { "文子", "フミコ" }, { "静子", "シズコ" },
	{ "澄子", "スミコ" }, { "春子", "ハルコ" }, { "君子", "キミコ" },
	{ "花子", "ハナコ" }, { "幸子", "サチコ" }, { "和子", "カズコ" },
	{ "節子", "セツコ" }, { "信子", "ノブコ" }, { "光子", "ミツコ" },
	{ "悦子", "エツコ" }, { "洋子", "ヨウコ" }, { "恵子", "ケイコ" },
	{ "京子", "キョウコ" }, { "弘子", "ヒロコ" }, { "美智子", "ミチコ" },
	{ "久美子", "クミコ" }, { "順子", "ジュンコ" }, { "由美子", "ユミコ" },
	{ "恵美子", "エミコ" }, { "陽子", "ヨウコ" }, { "裕子", "ユウコ" },
	{ "明美", "アケミ" }, { "真由美", "マユミ" }, { "直美", "ナオミ" },
	{ "智子", "トモコ" }, { "典子", "ノリコ" }, { "紀子", "ノリコ" },
	{ "聡子", "サトコ" }, { "直子", "ナオコ" }, { "純子", "ジュンコ" },
	{ "桃子", "モモコ" }, { "由紀", "ユキ" }, { "久美", "クミ" },
	{ "香織", "カオリ" }, { "恵", "メグミ" }, { "美香", "ミカ" },
	{ "美穂", "ミホ" }, { "理恵", "リエ" }, { "美紀", "ミキ" },
	{ "絵美", "エミ" }, { "由佳", "ユカ" }, { "亜美", "アミ" },
	{ "麻美", "アサミ" }, { "智美", "トモミ" }, { "裕美", "ヒロミ" },
	{ "友美", "トモミ" }, { "優子", "ユウコ" }, { "愛", "アイ" },
	{ "舞", "マイ" }, { "彩", "アヤ" }, { "綾", "アヤ" },
	{ "沙織", "サオリ" }, { "真由", "マユ" }, { "麻衣", "マイ" },
	{ "瞳", "ヒトミ" }, { "千尋", "チヒロ" }, { "里奈", "リナ" },
	{ "明日香", "アスカ" }, { "沙也加", "サヤカ" }, { "愛美", "マナミ" },
	{ "彩香", "アヤカ" }, { "奈々", "ナナ" }, { "遥", "ハルカ" },
	{ "千夏", "チナツ" }, { "美咲", "ミサキ" }, { "萌", "モエ" },
	{ "菜々子", "ナナコ" }, { "真央", "マオ" }, { "紗希", "サキ" },
	{ "栞", "シオリ" }, { "雪乃", "ユキノ" }, { "七海", "ナナミ" },
	{ "未来", "ミライ" }, { "美月", "ミヅキ" }, { "琴音", "コトネ" },
	{ "梨花", "リンカ" }, { "結衣", "ユイ" }, { "葵", "アオイ" },
	{ "陽菜", "ヒナ" }, { "凛", "リン" }, { "芽依", "メイ" },
	{ "結菜", "ユイナ" }, { "莉子", "リコ" }, { "美桜", "ミオ" },
	{ "花", "ハナ" }, { "美結", "ミユ" }, { "結月", "ユヅキ" },
	{ "咲良", "サクラ" }, { "芽衣", "メイ" }, { "心春", "コハル" },
	{ "杏", "アン" }, { "結愛", "ユア" }, { "澪", "ミオ" },
	{ "紬", "ツムギ" }, { "陽葵", "ヒマリ" }, { "日葵", "ヒマリ" },
	{ "朱莉", "アカリ" }, { "彩葉", "イロハ" }, { "凪", "ナギ" },
	{ "詩", "ウタ" }, { "翠", "スイ" },
};

/* Kyoto-city towns: ward, 全国地方公共団体コード of the ward, town (with the
 * street directions Kyoto addresses carry), postal code, and the number
 * of 丁目 when the town is divided into them (0: 番地 addresses). */
static const struct town {
	const char *ward;
	const char *ward_code;
	const char *town;
	const char *postal;
	int chome;
} towns[] = {
	{ "北区", "26101", "紫野北花ノ坊町", "6038215", 0 },
	{ "北区", "26101", "小山下総町", "6038148", 0 },
	{ "北区", "26101", "上賀茂本山", "6038047", 0 },
	{ "北区", "26101", "大宮北箱ノ井町", "6038222", 0 },
	{ "上京区", "26102", "河原町通今出川下る梶井町", "6020841", 0 },
	{ "上京区", "26102", "千本通中立売上る玉屋町", "6028232", 0 },
	{ "上京区", "26102", "堀川通寺之内上る寺之内竪町", "6020064", 0 },
	{ "左京区", "26103", "下鴨泉川町", "6060807", 0 },
	{ "左京区", "26103", "田中里ノ前町", "6068225", 0 },
	{ "左京区", "26103", "岩倉中町", "6060025", 0 },
	{ "左京区", "26103", "一乗寺高槻町", "6068176", 0 },
	{ "中京区", "26104", "河原町通三条上る恵比須町", "6048005", 0 },
	{ "中京区", "26104", "烏丸通御池下る虎屋町", "6048166", 0 },
	{ "中京区", "26104", "西ノ京円町", "6048401", 0 },
	{ "中京区", "26104", "壬生東高田町", "6048821", 0 },
	{ "東山区", "26105", "大和大路通四条下る小松町", "6050811", 0 },
	{ "東山区", "26105", "今熊野南日吉町", "6050971", 0 },
	{ "東山区", "26105", "清水", "6050862", 4 },
	{ "下京区", "26106", "烏丸通七条下る東塩小路町", "6008216", 0 },
	{ "下京区", "26106", "四条通堀川東入る柏屋町", "6008491", 0 },
	{ "下京区", "26106", "西七条南衣田町", "6008869", 0 },
	{ "南区", "26107", "東九条西山王町", "6018003", 0 },
	{ "南区", "26107", "西九条鳥居口町", "6018441", 0 },
	{ "南区", "26107", "久世築山町", "6018213", 0 },
	{ "右京区", "26108", "太秦下刑部町", "6168152", 0 },
	{ "右京区", "26108", "西院東淳和院町", "6150022", 0 },
	{ "右京区", "26108", "梅津南広町", "6150925", 0 },
	{ "右京区", "26108", "花園艮北町", "6168034", 0 },
	{ "伏見区", "26109", "深草西浦町", "6120029", 8 },
	{ "伏見区", "26109", "桃山町伊賀", "6128041", 0 },
	{ "伏見区", "26109", "向島二ノ丸町", "6128131", 0 },
	{ "伏見区", "26109", "淀本町", "6130904", 0 },
	{ "山科区", "26110", "椥辻池尻町", "6078157", 0 },
	{ "山科区", "26110", "竹鼻竹ノ街道町", "6078080", 0 },
	{ "山科区", "26110", "御陵中内町", "6078412", 0 },
	{ "西京区", "26111", "桂坤町", "6158074", 0 },
	{ "西京区", "26111", "大枝沓掛町", "6101112", 0 },
	{ "西京区", "26111", "上桂前川町", "6158225", 0 },
};

static const char *const buildings[] = {
	"ハイツ鴨川", "グランドメゾン御池", "コーポ桂", "レジデンス西院",
	"サンハイツ山科", "メゾン北白川", "パークハウス烏丸", "ロイヤルコート伏見",
	"エクセル東山", "シャトー嵯峨野", "ヴィラ下鴨", "ライオンズ四条",
};

static const char *const kanji_digits[] = {
	"", "一", "二", "三", "四", "五", "六", "七", "八", "九"
};

/* Seeds for the independent draws made for one person or household. */
enum draw {
	D_HOUSEHOLD, D_SURNAME, D_TOWN, D_BANCHI, D_KATAGAKI, D_PHONE,
	D_HEAD_SEX, D_HEAD_BIRTH, D_SPOUSE_GAP, D_CHILD_GAP, D_SEX, D_GIVEN,
	D_BIRTH, D_FEISTEL
};

static uint64_t
splitmix(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ULL;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

/* A 64-bit hash of (seed, what, a). */
static uint64_t
draw(uint32_t seed, enum draw what, uint64_t a)
{
	return splitmix(splitmix(((uint64_t)seed << 8 | (uint64_t)what) ^
	    0x6d61646f67756368ULL) ^ a);
}

/* Uniform integer in [0, n). */
static uint64_t
pick(uint32_t seed, enum draw what, uint64_t a, uint64_t n)
{
	return draw(seed, what, a) % n;
}

/*
 * A keyed permutation of [0, 10^11): a = x / 10^6, b = x % 10^6, then
 * four Feistel rounds adding a keyed hash of one half to the other
 * modulo its range.  Each round is invertible, so the whole is a bijection.
 */
static uint64_t
permute11(uint32_t seed, uint64_t x)
{
	const uint64_t A = 100000, B = 1000000;
	uint64_t a = x / B, b = x % B;
	int r;

	for (r = 0; r < 4; r++) {
		a = (a + draw(seed, D_FEISTEL, (uint64_t)r << 40 | b)) % A;
		b = (b + draw(seed, D_FEISTEL, (uint64_t)(r + 4) << 40 | a)) % B;
	}
	return a * B + b;
}

static void
my_number(uint32_t seed, int64_t i, char out[MYNUMBER_LEN + 1])
{
	uint64_t x = (uint64_t)i + 1;

	/* Cycle walking keeps the map a bijection on [1, 10^11). */
	do
		x = permute11(seed, x);
	while (x == 0);
	snprintf(out, MYNUMBER_LEN + 1, "%011llu", (unsigned long long)x);
	out[11] = (char)('0' + mynumber_check_digit(out));
	out[12] = '\0';
}

/* A day in [from-01-01, to-12-31], uniformly. */
static void
birth_between(uint32_t seed, enum draw what, uint64_t key, int from, int to,
    struct ymd *out)
{
	struct ymd lo = { from, 1, 1 }, hi = { to, 12, 31 };
	long a = ymd_to_days(&lo), b = ymd_to_days(&hi);

	ymd_from_days(a + (long)pick(seed, what, key, (uint64_t)(b - a + 1)), out);
}

/* A given name for sex, from the part of the list fitting birth year y. */
static const struct name *
given_name(uint32_t seed, int64_t i, int sex, int y)
{
	const struct name *t = sex == 1 ? male_names : female_names;
	size_t n = sex == 1 ? NELEM(male_names) : NELEM(female_names);
	size_t w = n / 4, pos;

	if (y < 1925)
		y = 1925;
	if (y > 2025)
		y = 2025;
	pos = (size_t)(y - 1925) * (n - w) / 100;
	return &t[pos + pick(seed, D_GIVEN, (uint64_t)i, w)];
}

/* Surname index, skewed towards the common names at the front. */
static size_t
surname_index(uint32_t seed, uint64_t key)
{
	double u = (double)(draw(seed, D_SURNAME, key) >> 11) / 9007199254740992.0;
	size_t k = (size_t)(pow(u, 1.4) * (double)NELEM(surnames));

	return k < NELEM(surnames) ? k : NELEM(surnames) - 1;
}

/* Household size of block b: 1 (35%), 2 (30%), 3 (20%) or 4 (15%). */
static int
household_size(uint32_t seed, uint64_t b)
{
	uint64_t p = pick(seed, D_HOUSEHOLD, b, 100);

	return p < 35 ? 1 : p < 65 ? 2 : p < 85 ? 3 : 4;
}

/* Address, 方書, postal code, address code and telephone of household key. */
static void
dwelling(uint32_t seed, uint64_t key, struct db_resident *r)
{
	const struct town *t = &towns[pick(seed, D_TOWN, key, NELEM(towns))];
	uint64_t h = draw(seed, D_BANCHI, key), k, p;

	snprintf(r->postal_code, sizeof r->postal_code, "%s", t->postal);
	snprintf(r->address_code, sizeof r->address_code, "%s%03d",
	    t->ward_code, (int)(t - towns) + 1);
	if (t->chome > 0)
		snprintf(r->address, sizeof r->address, "京都市%s%s%s丁目%d番%d号",
		    t->ward, t->town, kanji_digits[1 + h % (uint64_t)t->chome],
		    (int)(h / 16 % 30) + 1, (int)(h / 512 % 20) + 1);
	else if (h / 16 % 4 == 0)
		snprintf(r->address, sizeof r->address, "京都市%s%s%d番地の%d",
		    t->ward, t->town, (int)(h / 64 % 700) + 1,
		    (int)(h / 65536 % 9) + 1);
	else
		snprintf(r->address, sizeof r->address, "京都市%s%s%d番地",
		    t->ward, t->town, (int)(h / 64 % 700) + 1);
	k = draw(seed, D_KATAGAKI, key);
	if (k % 4 == 0)
		snprintf(r->katagaki, sizeof r->katagaki, "%s %d%02d号室",
		    buildings[k / 4 % NELEM(buildings)], (int)(k / 64 % 9) + 1,
		    (int)(k / 1024 % 12) + 1);
	p = draw(seed, D_PHONE, key);
	if (p % 10 < 4)
		snprintf(r->phone, sizeof r->phone, "075-0%02d-%04d",
		    (int)(p / 16 % 100), (int)(p / 4096 % 10000));
	else if (p % 10 < 7)
		snprintf(r->phone, sizeof r->phone, "0%d0-0%03d-%04d",
		    7 + (int)(p / 16 % 3), (int)(p / 64 % 1000),
		    (int)(p / 65536 % 10000));
}

/* v as ten digits, zero-padded (v < 10^10). */
static void
ten_digits(uint64_t v, char out[16])
{
	snprintf(out, 16, "%010llu", (unsigned long long)(v % 10000000000ULL));
}

void
demo_resident(uint32_t seed, int64_t i, struct db_resident *r)
{
	uint64_t block = (uint64_t)i / 4, self = (uint64_t)i;
	int j = (int)(i % 4), size = household_size(seed, block);
	int64_t head = (int64_t)block * 4;
	const struct name *sur, *given;
	struct ymd hb, b;
	int head_sex;

	memset(r, 0, sizeof *r);
	if (j >= size) {		/* living alone: head of their own */
		head = i;
		j = 0;
		size = 1;
	}
	head_sex = 1 + (int)pick(seed, D_HEAD_SEX, (uint64_t)head, 2);
	if (size == 1 && head == i) {
		birth_between(seed, D_HEAD_BIRTH, self, 1925, 2005, &hb);
		r->sex = head_sex;
		b = hb;
	} else {
		birth_between(seed, D_HEAD_BIRTH, (uint64_t)head, 1935, 1995, &hb);
		if (j == 0) {
			r->sex = head_sex;
			b = hb;
		} else if (j == 1) {		/* spouse: up to 6 years apart */
			r->sex = 3 - head_sex;
			b.y = hb.y - 6 + (int)pick(seed, D_SPOUSE_GAP, self, 13);
			birth_between(seed, D_BIRTH, self, b.y, b.y, &b);
		} else {			/* child of the head, at 24-42 */
			r->sex = 1 + (int)pick(seed, D_SEX, self, 2);
			b.y = hb.y + 24 + (int)pick(seed, D_CHILD_GAP, self, 19);
			if (b.y > 2025)
				b.y = 2025;
			birth_between(seed, D_BIRTH, self, b.y, b.y, &b);
		}
	}
	sur = &surnames[surname_index(seed, (uint64_t)head)];
	given = given_name(seed, i, r->sex, b.y);

	ten_digits((uint64_t)i + 1, r->atena_no);
	ten_digits((uint64_t)head + 1, r->household_no);
	r->rireki_no = 1;
	snprintf(r->state, sizeof r->state, "confirmed");
	r->current = 1;
	snprintf(r->op, sizeof r->op, "create");
	my_number(seed, i, r->my_number);
	snprintf(r->mn_method, sizeof r->mn_method, "register");
	snprintf(r->name, sizeof r->name, "%s　%s", sur->kanji, given->kanji);
	snprintf(r->name_kana, sizeof r->name_kana, "%s　%s", sur->kana,
	    given->kana);
	resident_derive_keys(r);
	ymd_to_iso(&b, r->birth_date);
	dwelling(seed, (uint64_t)head, r);
	r->resident_flag = 1;
	snprintf(r->retention_class, sizeof r->retention_class, "resident");
	snprintf(r->reason_code, sizeof r->reason_code, "demo");
	r->update_seq = i + 1;
}

#define DEMO_BATCH 256

int
demo_residents(struct ledger *lg, uint32_t seed, int64_t n, const char *actor,
    void (*progress)(void *, int64_t, int64_t), void *ctx, struct err *e)
{
	struct audit_event ev = { "import", NULL, NULL, "ok", "demo" };
	struct db_bulk *b = NULL;
	struct db_resident *r;
	char stamp[TIME_MAX], detail[64];
	int64_t i;
	int k = 0, bulk_mode, rc = -1;

	if (n < 0 || n > 9999999999LL)
		return err_set(e, E_USAGE, "residents", "0 to 9999999999");
	if (actor == NULL || *actor == '\0')
		return err_set(e, E_REQUIRED, "actor", NULL);
	ledger_now(stamp);
	/* Into an empty master, as a first import does (import.c). */
	if ((bulk_mode = db_resident_next_seq(lg->db, e) == 1))
		db_bulk_mode(lg->db, 1);
	r = xcalloc(DEMO_BATCH, sizeof *r);
	if (ledger_begin(lg, e) == -1)
		goto out;
	if ((b = db_bulk_residents_begin(lg->db, e)) == NULL ||
	    db_bulk_residents_defer_indexes(b, e) == -1)
		goto fail;
	for (i = 0; i < n; i++) {
		demo_resident(seed, i, &r[k]);
		snprintf(r[k].operator_login, sizeof r[k].operator_login, "%s",
		    actor);
		snprintf(r[k].terminal, sizeof r[k].terminal, "%s", lg->terminal);
		memcpy(r[k].stamp, stamp, sizeof r[k].stamp);
		snprintf(r[k].confirmed_by, sizeof r[k].confirmed_by, "%s", actor);
		memcpy(r[k].confirmed_at, stamp, sizeof r[k].confirmed_at);
		if (++k == DEMO_BATCH || i + 1 == n) {
			if (db_bulk_residents_add_many(b, r, (size_t)k, e) == -1)
				goto fail;
			k = 0;
		}
		if (progress != NULL && (i + 1) % 10000 == 0 && i + 1 < n)
			progress(ctx, i + 1, n);
	}
	/* Rebuild the indexes, then commit through the ledger so that the
	 * audit checkpoint is written. */
	if (db_bulk_residents_finish(&b, e) == -1)
		goto fail;
	snprintf(detail, sizeof detail, "demo residents n=%lld", (long long)n);
	ev.detail = detail;
	if (audit_append(lg, NULL, actor, &ev, e) == -1 ||
	    ledger_commit(lg, e) == -1)
		goto fail;
	if (progress != NULL)
		progress(ctx, n, n);
	rc = 0;
	goto out;
fail:
	ledger_rollback(lg);
	if (b != NULL)
		db_bulk_residents_end(&b, 0, NULL);
out:
	if (bulk_mode)
		db_bulk_mode(lg->db, 0);
	xwipe(r, DEMO_BATCH * sizeof *r);
	free(r);
	return rc;
}

/* The demo staff: login, display name, roles, and the ledgers they hold
 * them on (business = the four business ledgers, else system). */
static const struct {
	const char *login;
	const char *display;
	unsigned roles;
	int business;
} staff[] = {
	{ "clerk", "窓口 一郎", ROLE_CLERK, 1 },
	{ "clerk2", "窓口 花子", ROLE_CLERK, 1 },
	{ "supervisor", "確認 太郎", ROLE_CLERK | ROLE_SUPERVISOR, 1 },
	{ "supervisor2", "確認 春子", ROLE_CLERK | ROLE_SUPERVISOR, 1 },
	{ "operator", "運用 次郎", ROLE_OPERATOR, 1 },
	{ "auditor", "監査 三郎", ROLE_AUDITOR, 0 },
};

static const enum ledger_id business[] = {
	LEDGER_RESIDENT, LEDGER_CHILD, LEDGER_ELDERLY, LEDGER_VACCINE
};

static const enum role role_bits[] = {
	ROLE_CLERK, ROLE_SUPERVISOR, ROLE_OPERATOR, ROLE_AUDITOR, ROLE_ADMIN
};

static int
add_staff(struct session *s, size_t k, struct err *e)
{
	char pw[LOGIN_MAX + 8];
	size_t r, l;
	int rc;

	snprintf(pw, sizeof pw, "demo-%s", staff[k].login);
	rc = users_add(s, staff[k].login, staff[k].display, pw, e);
	xwipe(pw, sizeof pw);
	if (rc == -1)
		return -1;
	for (r = 0; r < NELEM(role_bits); r++) {
		if (!(staff[k].roles & role_bits[r]))
			continue;
		if (!staff[k].business) {
			if (users_grant(s, staff[k].login, role_bits[r],
			    LEDGER_SYSTEM, e) == -1)
				return -1;
			continue;
		}
		for (l = 0; l < NELEM(business); l++)
			if (users_grant(s, staff[k].login, role_bits[r],
			    business[l], e) == -1)
				return -1;
	}
	return 0;
}

int
demo_accounts(struct ledger *lg, struct err *e)
{
	struct session *s;
	size_t k;
	int rc = 0;

	if (users_bootstrap(lg, "admin", "demo-admin", e) == -1)
		return -1;
	if ((s = auth_login(lg, "admin", "demo-admin", e)) == NULL)
		return -1;
	snprintf(s->category, sizeof s->category, "demo");
	for (k = 0; k < NELEM(staff) && rc == 0; k++)
		rc = add_staff(s, k, e);
	auth_logout(&s, "logout");
	return rc;
}
