/*
 * Plain record structs of the three business ledgers and the code tables
 * (see db_ledgers.h for their storage).  No functions: layers that may
 * not include db.h get them through db_types.h.
 */
#ifndef MADOGUCHI_DB_LEDGER_TYPES_H
#define MADOGUCHI_DB_LEDGER_TYPES_H

#include <stdint.h>

#define DB_CHILD_MAX 16		/* children per claim (ledger/child.h) */
#define MONTH_MAX 8		/* "YYYY-MM" */

/* The stamp every ledger version carries. */
struct db_stamp {
	char reason_code[16];		/* 処理事由 */
	char ref_no[33];		/* 受付番号 / 申請書番号 */
	char justification[241];	/* 職権修正の理由 */
	int doubt;			/* 疑義 */
	char operator_login[LOGIN_MAX];
	char terminal[LOGIN_MAX];
	char stamp[TIME_MAX];
	int64_t update_seq;		/* 更新順番号, per ledger */
	char confirmed_by[LOGIN_MAX];
	char confirmed_at[TIME_MAX];
	char review_comment[241];	/* the confirmer's rejection comment */
};

/* ---- code tables ------------------------------------------------------ */

/*
 * One row of a code table.  kind: "vaccine" (attr = class A/B),
 * "institution" (医療機関), "post_office" (郵便局マスタ), "reason" (処理事由;
 * attr = the ledger it belongs to, "" = every ledger), "bus" (バス会社).
 */
struct db_code {
	char kind[16];
	char code[16];
	char name[97];
	char postal_code[9];
	char address[241];
	char phone[24];
	char attr[16];
};

/* One row of the 納付額ファイル. */
struct db_fee_row {
	int year;			/* 年度 */
	int tier;			/* 負担区分 */
	int64_t half, one, one_half;	/* 0.5 / 1.0 / 1.5-year amounts */
	int64_t cap;			/* 限度額負担金額 */
};

/* ---- child allowance (児童手当) ---------------------------------------- */

/* A child of a claim version. */
struct db_child_member {
	char atena_no[16];
	int supported;			/* 監護相当・生計費の負担 past the 18 limit */
	int mn_method;			/* how the form's My Number was checked */
	char paid_from[MONTH_MAX];	/* "" = open */
	char paid_until[MONTH_MAX];	/* "" = open */
	int amount;			/* yen in amount_month (stored for re-checks) */
	int rank;			/* 1 = eldest counted, 0 = not counted */
};

/* One version of a 認定請求 and its decisions. */
struct db_child_claim {
	char claim_no[16];		/* 請求番号 */
	int rireki_no;
	char state[12];
	int current;
	char op[16];			/* intake, certify, revise, terminate,
					 * refuse, suspend, resume, correct */
	char claimant_atena[16];	/* 請求者 */
	char spouse_atena[16];		/* 配偶者; "" = none */
	int claimant_type;		/* enum child_claimant */
	int channel;			/* enum child_channel */
	int applicant_type;		/* enum child_applicant */
	int id_doc;			/* enum child_id_doc */
	int poa_seen;			/* 委任状確認 */
	int id_copy_attached;
	int signature_verified;
	int claimant_mn_method;		/* enum child_mn_method */
	char claim_date[DATE_MAX];	/* 認定請求日 */
	char event_date[DATE_MAX];	/* 事由発生日 */
	char start_month[MONTH_MAX];	/* 支給開始月 */
	char end_month[MONTH_MAX];	/* 支給終了月 (消滅) */
	char decision[16];		/* "" until decided, then the op name */
	char decision_date[DATE_MAX];
	int genkyo_flags;		/* bit i = i-th flag of child_genkyo_flags */
	int genkyo_required;		/* 現況届 still required */
	int suspended;			/* 支払差止め */
	char amount_month[MONTH_MAX];	/* the month the amounts are for */
	int64_t monthly_total;		/* 月額 (household) */
	struct db_stamp st;
	int nchildren;
	struct db_child_member child[DB_CHILD_MAX];
};

/* ---- elderly pass (敬老乗車証) ---------------------------------------- */

/* One version of a pass: 乗車証基本マスタ (年度, 乗車証交付番号, 履歴番号). */
struct db_pass {
	int year;			/* 年度 */
	char pass_no[16];		/* 乗車証交付番号 */
	int rireki_no;
	char state[12];
	int current;
	char op[16];			/* apply, decide, pay, issue, refund,
					 * reduce, return, reissue, refuse */
	char status[12];		/* 状態区分: applied, decided, paid,
					 * issued, returned, refused */
	char atena_no[16];
	int pass_type;			/* 証種別 */
	char apply_date[DATE_MAX];	/* 申請年月日 */
	int channel, applicant_type, id_doc, poa_seen, id_copy_attached;
	char wish_post_office[16];	/* 希望郵便局 */
	int consent;			/* 同意有無サイン */
	/* eligibility inputs */
	char reference_date[DATE_MAX];	/* 判定基準日 */
	int64_t income;			/* 介護合計所得 (income class) */
	int public_assistance;		/* 生活保護 (welfare class) */
	int welfare_pass;		/* 福祉乗車証 (welfare class) */
	char disability_no[16];		/* 身体障害者番号 (welfare class) */
	/* fee decision with its inputs */
	int tier;			/* 負担区分 (income class) */
	int period;			/* tenths of a year: 5, 10, 15 */
	char reduction[8];		/* 減免種類 */
	char judged_on[DATE_MAX];	/* 判定年月日 */
	int64_t table_amount, cap, capped, reduced_by;
	int64_t fee_amount;		/* 負担金額 */
	char due_date[DATE_MAX];	/* 引換・納付期限 */
	/* payment receipt (収入) */
	int64_t paid_amount;		/* 納付金額 */
	char paid_date[DATE_MAX];	/* 収入年月日 */
	char pay_method[12];		/* 収入方法: cash, bank, post, ... */
	/* issuance */
	char post_office[16];		/* 交付郵便局 */
	char issue_date[DATE_MAX];	/* 交付年月日 */
	int reissue_count;
	/* refund (還付) */
	int64_t refund_amount;
	char refund_date[DATE_MAX];
	char refund_reason[16];
	int64_t extra_due;		/* still owed after a raise */
	/* loss of eligibility (交付事由消滅) */
	char end_reason[16];
	char end_date[DATE_MAX];	/* 消滅異動年月日 */
	char end_notified[DATE_MAX];	/* 消滅届出年月日 */
	struct db_stamp st;
};

/* Conditions of a notice query over confirmed passes; NULL = any. */
struct db_pass_filter {
	const char *status;
	const char *atena_no;
};

/* ---- vaccination (予防接種) ------------------------------------------ */

/* One version of a dose record (予防接種ファイル). */
struct db_dose {
	char record_no[16];
	int rireki_no;
	char state[12];
	int current;
	char op[16];			/* record, correct */
	char atena_no[16];		/* 基本コード */
	char vaccine_code[16];		/* 接種種類 */
	int dose_no;			/* 接種回数 */
	char date[DATE_MAX];		/* 接種年月日 */
	char maker[49];
	char lot[24];			/* ロットNO */
	char lot_expiry[DATE_MAX];
	char institution[16];		/* 医療機関コード */
	char doctor[49];		/* 接種医 */
	char site[24];			/* 接種部位 */
	char volume[16];		/* 接種量, e.g. "0.5mL" */
	int64_t amount;			/* 請求額 */
	char subsidy_kind[8];		/* 助成区分 */
	char subsidy_date[DATE_MAX];
	int64_t subsidy_amount;
	int other_municipality;		/* 他市町村接種区分 */
	int certificate;		/* 接種済証発行区分 */
	int voluntary;			/* 任意接種 (outside the routine) */
	char notes[241];		/* 備考 */
	struct db_stamp st;
};

/* A current resident as the due lists need it (no name, no number). */
struct db_person {
	char atena_no[16];
	char birth_date[DATE_MAX];
	int sex;
};

/* ---- the books together ----------------------------------------------- */

enum db_book { DB_BOOK_CHILD, DB_BOOK_PASS, DB_BOOK_DOSE, DB_BOOK_N };

#endif
