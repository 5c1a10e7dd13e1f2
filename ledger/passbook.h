/*
 * The elderly transit pass ledger (敬老乗車証交付情報) as stored
 * operations: application with the R-33 eligibility checks, fee decision
 * from the fee table (R-67, every input stored with 判定年月日), payment
 * receipt, issuance at a post office, refund after a redetermination,
 * reduction/exemption (減免), return (返還), reissue, refusal.  Each is a
 * pending version of the pass (乗車証基本マスタ: 年度, 乗車証交付番号,
 * 履歴番号) in one transaction with its audit row, the R-24 stamp and the
 * R-34 reason and reference.  Rights: clerk or supervisor on the elderly
 * ledger.
 */
#ifndef MADOGUCHI_PASSBOOK_H
#define MADOGUCHI_PASSBOOK_H

#include "db_types.h"
#include "elderly.h"
#include "ledger.h"

#define PASSBOOK_TYPE_KEIRO 1	/* 証種別: 敬老乗車証 */

/* R-30 values, as for the child allowance. */
enum passbook_channel { PASS_CHANNEL_COUNTER = 1, PASS_CHANNEL_MAIL,
	PASS_CHANNEL_ELECTRONIC };
enum passbook_applicant { PASS_APPLICANT_SELF = 1, PASS_APPLICANT_AGENT };

struct passbook_application {
	const char *atena_no;
	int year;			/* 年度 */
	int pass_type;			/* 証種別; 0 = PASSBOOK_TYPE_KEIRO */
	const char *apply_date;		/* 申請年月日, any accepted form */
	const char *reference_date;	/* 判定基準日; NULL = apply_date */
	int channel, applicant, id_doc;	/* all required */
	int poa_seen, id_copy_attached;
	const char *wish_post_office;	/* 希望郵便局 (code); NULL = none */
	int consent;			/* 同意有無 */
	long income;			/* 合計所得金額 (income class) */
	int public_assistance;		/* 生活保護 (welfare class) */
	int welfare_pass;		/* 福祉乗車証 (welfare class) */
	const char *disability_no;	/* 身体障害者番号 (welfare class) */
	const char *reason_code, *ref_no, *justification;
};

/*
 * Save an application as version 1 of a new pass, status "applied",
 * pending.  R-33: not a current resident, under the starting age, income
 * at the ceiling or a welfare pass: E_NOT_ELIGIBLE (field named); a
 * second active pass of the type and year: E_EXISTS.  pass_no (16 bytes)
 * and *rireki_out (may be NULL) get the key.
 */
int passbook_apply(struct session *, const struct passbook_application *,
    char pass_no[16], int *rireki_out, struct err *);

enum passbook_op {
	PASS_DECIDE,	/* 負担金決定: applied/decided → decided */
	PASS_PAY,	/* 収入: decided → paid (the amount due, exactly) */
	PASS_ISSUE,	/* 交付: paid (or a ¥0 decision) → issued */
	PASS_REFUND,	/* 還付: a new tier after payment; refund stored */
	PASS_REDUCE,	/* 減免: a reduction kind; refund when paid */
	PASS_RETURN,	/* 返還 (交付事由消滅) → returned */
	PASS_REISSUE,	/* 再交付: issued → issued, count + 1 */
	PASS_REFUSE,	/* 却下: applied/decided → refused */
	PASS_OP_N
};

/* "decide", "pay", ... as stored in op. */
const char *passbook_op_name(enum passbook_op);

struct passbook_change {
	int year;
	const char *pass_no;
	enum passbook_op op;
	int tier;			/* decide, refund (0: keep) */
	enum elderly_period period;	/* decide (0: keep) */
	const char *reduction;		/* decide, reduce: 減免種類 code */
	const char *judged_on;		/* decide, refund, reduce: 判定年月日 */
	const char *due_date;		/* decide: 引換・納付期限 (optional) */
	long amount;			/* pay: 納付金額 */
	const char *date;		/* pay, issue, refund, return, reissue */
	const char *method;		/* pay: cash, bank, post, store */
	const char *post_office;	/* issue, reissue: code */
	const char *refund_reason;	/* refund */
	const char *end_reason;		/* return: 交付事由消滅事由 */
	const char *notified;		/* return: 消滅届出年月日 (optional) */
	const char *reason_code, *ref_no, *justification;
};

/*
 * Apply a change to the pass's current version and save it as the next
 * pending version.  E_PENDING_EXISTS while one awaits confirmation;
 * E_DENIED for a change the status does not allow; E_CODE_UNKNOWN for an
 * unknown post office, tier or reduction; E_AMOUNT for a payment other
 * than the amount due.
 */
int passbook_change(struct session *, const struct passbook_change *,
    int *rireki_out, struct err *);
/* The newest version of each pass of a person (audited view). */
int passbook_list(struct session *, const char *atena_no,
    int (*fn)(void *, const struct db_pass *), void *ctx, struct err *);
/* One version (rireki_no 0 = the newest); audited view. */
int passbook_get(struct session *, int year, const char *pass_no,
    int rireki_no, struct db_pass *out, struct err *);
/* For notices: confirmed current passes of year matching f;
 * operator or supervisor on the elderly ledger; audited. */
int passbook_each_confirmed(struct session *, int year,
    const struct db_pass_filter *f,
    int (*fn)(void *, const struct db_pass *), void *ctx, struct err *);

#endif
