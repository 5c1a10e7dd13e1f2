/*
 * Plain record structs exchanged between db/ and ledger/ (and shown by
 * tui/ and cli/ through ledger/).  No functions, no SQL: a layer that may
 * not include db.h may include this.  Strings are UTF-8 in fixed buffers;
 * dates are "YYYY-MM-DD", times "YYYY-MM-DD HH:MM:SS" (local), "" = none.
 */
#ifndef MADOGUCHI_DB_TYPES_H
#define MADOGUCHI_DB_TYPES_H

#include <stdint.h>

#define LOGIN_MAX 33
#define TIME_MAX 20
#define DATE_MAX 11
#define HASH_HEX 65

struct db_user {
	int64_t id;
	char login[LOGIN_MAX];
	char display_name[97];
	char pw_hash[128];		/* Argon2id string; "" once revoked */
	char pw_changed_at[TIME_MAX];
	int must_change;		/* set by an admin reset: change at login */
	int failed_count;
	int locked;
	char disabled_at[TIME_MAX];	/* "" while the account is active */
	char disabled_reason[97];
	char end_date[DATE_MAX];	/* last valid day; "" = open-ended */
	char created_at[TIME_MAX];
	char last_login_at[TIME_MAX];
};

struct db_grant {
	char ledger[16];	/* resident, child, elderly, vaccine, system */
	char role[16];		/* clerk, supervisor, operator, auditor, admin */
	char granted_at[TIME_MAX];
	char granted_by[LOGIN_MAX];
};

struct db_access_event {
	char at[TIME_MAX];
	char user_login[LOGIN_MAX];
	char action[16];	/* add, grant, revoke, disable, unlock, passwd, reset */
	char ledger[16];
	char role[16];
	char by_login[LOGIN_MAX];
	char reason[97];
};

struct db_terminal {
	char id[LOGIN_MAX];
	char description[97];
	int active;
	char registered_at[TIME_MAX];
	char registered_by[LOGIN_MAX];
};

struct db_audit_row {
	int64_t seq;
	char at[TIME_MAX];
	char user_login[LOGIN_MAX];
	char terminal[LOGIN_MAX];
	char category[24];	/* business category of the session */
	char op[24];		/* login, search, view, create, ... */
	char target[96];	/* keys only: 宛名番号, user ID, job ID */
	char detail[256];	/* condition names, counts, rule ids; never PII */
	char outcome[16];	/* ok, denied, failed, error */
	char reason[24];	/* reason code (処理事由) when one was given */
	char prev_hash[HASH_HEX];
	char hash[HASH_HEX];
};

struct db_audit_filter {
	const char *user_login;	/* NULL = any */
	const char *op;
	const char *target;
	const char *from;	/* "YYYY-MM-DD" inclusive, NULL = open */
	const char *to;		/* "YYYY-MM-DD" inclusive */
	int64_t limit;		/* 0 = no limit */
};

/* One version of a person in the resident/address master (§1.4). */
struct db_resident {
	char atena_no[16];		/* 宛名番号 */
	int rireki_no;			/* 履歴番号, 1.. */
	char state[12];			/* pending, confirmed, rejected, superseded */
	int current;			/* the effective confirmed version */
	char op[16];			/* create, correct, movein, move, moveout, death, ... */
	char my_number[13];		/* "" when not held */
	char mn_method[12];		/* card, notice, register */
	char juminhyo_code[12];		/* 住民票コード */
	char name[97];			/* 氏名 */
	char name_kana[193];		/* フリガナ, full-width katakana */
	char name_key[193];		/* 清音化かな search key */
	char name_norm[97];		/* kanji name without spaces, NFKC */
	char alias_name[97];		/* 通称名 */
	char former_surname[49];	/* 旧氏 */
	char former_surname_kana[97];
	char birth_date[DATE_MAX];
	int sex;			/* 1 male, 2 female, 9 not stated */
	char postal_code[9];		/* 7 digits; "123-4567" accepted as input */
	char address_code[16];
	char address[241];
	char katagaki[161];		/* 方書 */
	char household_no[16];		/* 世帯番号 */
	char phone[24];
	int resident_flag;		/* 現存者フラグ */
	char removal_date[DATE_MAX];	/* 除票年月日 */
	char removal_reason[16];
	char movement_reason[16];	/* 異動事由 */
	char movement_date[DATE_MAX];
	char notified_date[DATE_MAX];
	char retention_class[16];
	int deleted;
	int restricted;			/* 不開示 */
	int doubt;			/* 疑義 */
	char reason_code[16];		/* 処理事由 */
	char ref_no[33];		/* 受付番号 / 申請書番号 */
	char justification[241];
	char operator_login[LOGIN_MAX];	/* audit stamp */
	char terminal[LOGIN_MAX];
	char stamp[TIME_MAX];
	int64_t update_seq;		/* 更新順番号 */
	char confirmed_by[LOGIN_MAX];
	char confirmed_at[TIME_MAX];
	char review_comment[241];	/* the confirmer's rejection comment */
};

/* One entry of a confirmation queue, whatever its ledger. */
struct db_pending {
	char ledger[16];		/* resident, child, elderly, vaccine */
	char entry[24];			/* the record key (宛名番号, ...) */
	int rireki_no;
	char op[16];
	char operator_login[LOGIN_MAX];	/* who entered it */
	char stamp[TIME_MAX];
	char state[12];			/* pending or rejected */
	char review_comment[241];
};

/* Search conditions; NULL or "" = not given.  Prefix match on names. */
struct db_resident_query {
	const char *atena_no;
	const char *my_number;
	const char *juminhyo_code;
	const char *name_key;		/* kana search key prefix */
	const char *name_norm;		/* kanji name prefix */
	const char *birth_date;
	const char *address;		/* substring of the address */
	int include_restricted;
};

#include "db_ops_types.h"

#include "db_ledger_types.h"

#endif
