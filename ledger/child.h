/*
 * Child allowance (児童手当) rules since the October 2024 reform, as pure
 * functions: plain structs in, amounts, months and struct err out.  No
 * database and no session, so that the entry screen, the rules API and
 * the batch notices compute the same numbers.  Months are struct ymd
 * whose day is ignored.
 *
 * Rules implemented (design §4; 児童手当法 as amended 2024-10):
 *   - No income limit.  Per child and month: ¥15,000 up to and including
 *     the month of the 3rd birthday (3歳の誕生月まで; the law's 3歳未満
 *     with its 月の初日 clause), ¥10,000 from the month after, until the
 *     month of the child's 18 limit, ¥30,000 for the third and later
 *     child whatever the age (still only up to the 18 limit).
 *   - The 18 limit (高校生年代まで) and 22 limit are the first 31 March on
 *     or after the day the age is reached (年齢計算ニ関スル法律: the day
 *     before the birthday), so a child born on 1 April ends a year before
 *     one born on 2 April, as school years do.  The limit's March is paid.
 *   - Rank (多子加算): children are ranked oldest first among those who
 *     count in the month: a child up to its 18 limit, or up to its 22
 *     limit when the claimant supports it (監護相当・生計費の負担).  Twins
 *     keep their order in the household.
 *   - Paid in even months, each payment covering the two preceding months
 *     (June pays April and May; February pays December and January).
 *   - Start: the month after the claim month; with the 15-day rule the
 *     month after the event when the claim is made within 15 days after it
 *     (event 04-30: claim 05-15 → May; claim 05-16 → June).
 *   - End (消滅): paid up to and including the month of the event.
 */
#ifndef MADOGUCHI_CHILD_H
#define MADOGUCHI_CHILD_H

#include "err.h"
#include "wareki.h"

#define CHILD_MAX 16

#define CHILD_AMOUNT_UNDER3	15000
#define CHILD_AMOUNT_STANDARD	10000
#define CHILD_AMOUNT_THIRD	30000

/* Who claims.  Public servants are paid by their employer (所属庁). */
enum child_claimant {
	CHILD_CLAIMANT_NONE,		/* not chosen */
	CHILD_CLAIMANT_GENERAL,		/* 一般 (municipality pays) */
	CHILD_CLAIMANT_PUBLIC_SERVANT,	/* 公務員: refused here */
	CHILD_CLAIMANT_INSTITUTION,	/* 施設等受給者 / 法人の未成年後見人 */
	CHILD_CLAIMANT_N
};

/* Why a child's amount for a month is what it is. */
enum child_status {
	CHILD_ST_PAID,		/* amount > 0 */
	CHILD_ST_UNBORN,	/* born after the month */
	CHILD_ST_NOT_STARTED,	/* month before paid_from */
	CHILD_ST_ENDED,		/* month after paid_until (消滅) */
	CHILD_ST_OVER18,	/* past the 18 limit: may still count for rank */
	CHILD_ST_OVER22,	/* past the 22 limit: neither paid nor counted */
	CHILD_ST_N
};

/* One child of the household, as the rules need it. */
struct child_entry {
	struct ymd birth;
	int supported;		/* past the 18 limit: claimant bears living costs */
	struct ymd paid_from;	/* first paid month; y == 0: open */
	struct ymd paid_until;	/* last paid month (消滅); y == 0: open */
};

/* Conditions under which the 現況届 is still required (since 2022-06). */
struct child_genkyo_flags {
	int dv_separated;	/* DV 避難: 住民票 not at the real address */
	int address_differs;	/* claimant and child live at different addresses (別居監護) */
	int corporate_guardian;	/* 法人である未成年後見人 */
	int institution;	/* 施設等受給者 */
	int divorce_pending;	/* 離婚協議中で別居 */
	int no_register;	/* 無戸籍 child or one without a 住民票 */
	int other;		/* the municipality asks for it (e.g. unclear facts) */
};

struct child_household {
	enum child_claimant claimant;
	int n;			/* number of children, 0..CHILD_MAX */
	struct child_entry child[CHILD_MAX];
	struct child_genkyo_flags genkyo;
};

/* The result for one month, in the household's order of children. */
struct child_amounts {
	struct ymd month;
	int n;
	int amount[CHILD_MAX];		/* yen, 0 when not paid */
	int rank[CHILD_MAX];		/* 1 = eldest counted, 0 = not counted */
	enum child_status status[CHILD_MAX];
	long total;			/* household total for the month */
	int counted;			/* children counted for rank */
};

/*
 * Amounts for month: per child amount, rank and status plus the total.
 * Refuses a public-servant claimant (E_PUBLIC_SERVANT, "claimant_type"), an
 * invalid month or birth date (E_DATE_INVALID) and more than CHILD_MAX
 * children (E_TOO_LONG).  out is fully written on success.
 */
int child_monthly_amounts(const struct child_household *h,
    const struct ymd *month, struct child_amounts *out, struct err *);
/* The last day of the 18 (or 22, ...) limit: the first 31 March on or
 * after the day the child reaches `age` (the day before the birthday). */
void child_age_limit(const struct ymd *birth, int age, struct ymd *out);
/*
 * First paid month for a claim: the month after the claim, or the month
 * after the event (birth, move-in; may be NULL or y == 0) when the claim
 * is made on or before the 15th day after it.  E_DATE_INVALID for a bad
 * date, E_DATE_RANGE ("claim_date") for a claim before the event.
 */
int child_start_month(const struct ymd *event, const struct ymd *claim,
    struct ymd *start, struct err *);
/* Last paid month after a 消滅 event: the month of the event itself. */
void child_end_month(const struct ymd *event, struct ymd *end);
/* The (even) month in which the allowance for month is paid. */
void child_payment_month(const struct ymd *month, struct ymd *pay);

/* One payment: the month paid and the two months it covers. */
struct child_payment {
	struct ymd pay;
	struct ymd covers[2];
};

/*
 * The six payments covering fiscal year fy (April fy .. March fy+1):
 * June, August, October, December of fy, February and April of fy+1.
 */
void child_payment_schedule(int fy, struct child_payment out[6]);
/*
 * The amount paid in pay_month (must be even: E_CHOICE, "pay_month"):
 * the sum of the household totals of the two months it covers.
 */
int child_payment_amount(const struct child_household *h,
    const struct ymd *pay_month, long *amount, struct err *);

/* Decisions, each with its notice. */
enum child_decision {
	CHILD_DEC_CERTIFY,	/* 認定 → 認定通知書 */
	CHILD_DEC_REVISE,	/* 額改定 → 額改定通知書 */
	CHILD_DEC_TERMINATE,	/* 消滅 → 消滅通知書 */
	CHILD_DEC_REFUSE,	/* 却下 → 却下通知書 */
	CHILD_DEC_SUSPEND,	/* 差止め (支払差止) */
	CHILD_DEC_N
};

/* "certify", "revise", ... (stored) and 認定, 額改定, ... (shown). */
const char *child_decision_name(enum child_decision);
const char *child_decision_label(enum child_decision);
/* The kind named by name; -1 when unknown. */
int child_decision_from_name(const char *name, enum child_decision *out);
/* Nonzero when the household must still file a 現況届. */
int child_genkyo_required(const struct child_household *h);

/* how the application came in and who was identified how. */
enum child_channel {
	CHILD_CHANNEL_NONE,
	CHILD_CHANNEL_COUNTER,		/* 窓口 */
	CHILD_CHANNEL_MAIL,		/* 郵送: ID copy required */
	CHILD_CHANNEL_ELECTRONIC,	/* 電子申請: signature verified */
	CHILD_CHANNEL_N
};

enum child_applicant {
	CHILD_APPLICANT_NONE,
	CHILD_APPLICANT_SELF,		/* 本人 */
	CHILD_APPLICANT_AGENT,		/* 代理人: 委任状 required */
	CHILD_APPLICANT_N
};

enum child_id_doc {
	CHILD_ID_NONE,
	CHILD_ID_MYNUMBER_CARD,		/* 個人番号カード */
	CHILD_ID_DRIVING_LICENCE,	/* 運転免許証 */
	CHILD_ID_PASSPORT,		/* 旅券 */
	CHILD_ID_RESIDENCE_CARD,	/* 在留カード・特別永住者証明書 */
	CHILD_ID_TWO_DOCUMENTS,		/* 健康保険証等 2 点 */
	CHILD_ID_OTHER_PHOTO,		/* その他官公署発行の写真付き */
	CHILD_ID_N
};

/* how a My Number's authenticity was verified. */
enum child_mn_method {
	CHILD_MN_NONE,
	CHILD_MN_CARD,			/* 個人番号カード */
	CHILD_MN_NOTICE_PHOTO_ID,	/* 通知カード + 写真付き身分証 */
	CHILD_MN_REGISTER,		/* 住民基本台帳の照会 */
	CHILD_MN_N
};

struct child_claim {
	enum child_claimant claimant;
	struct ymd claim_date;		/* 認定請求日 */
	struct ymd event_date;		/* 事由発生日; y == 0: none */
	enum child_channel channel;
	enum child_applicant applicant;
	enum child_id_doc id_doc;
	int poa_seen;			/* 委任状確認 */
	int id_copy_attached;		/* 本人確認書類の写し添付 */
	int signature_verified;		/* 電子署名検証済 */
	const char *claimant_mynumber;	/* as typed; NULL or "" = none */
	enum child_mn_method claimant_mn_method;
	int n;				/* children claimed for */
	struct {
		const char *mynumber;
		enum child_mn_method mn_method;
	} child[CHILD_MAX];
	int confirm_alerts;		/* the clerk confirmed My Number alerts */
};

/*
 * Check a 認定請求 before it is saved: the public-servant refusal first
 * (E_PUBLIC_SERVANT, "claimant_type"), then R-30 (channel, applicant, id_doc,
 * poa_seen for an agent, id_copy_attached for mail, signature_verified
 * for electronic), dates, and R-29 (each given My Number valid, with a
 * method; the claimant's number is required).  Returns 0, or -1 with the
 * field named; an all-same-digit number fails with E_MYNUMBER_REPEATED
 * unless confirm_alerts is set.
 */
int child_check_claim(const struct child_claim *, struct err *);

#endif
