/*
 * Plain records of the operations side (backup catalogue, media and export
 * registers, approvals, retention candidates), exchanged between db/ and
 * ledger/ and shown by cli/; included by db_types.h.  No functions.
 */
#ifndef MADOGUCHI_DB_OPS_TYPES_H
#define MADOGUCHI_DB_OPS_TYPES_H

#include <stdint.h>

#include "db_types.h"

/* One backup catalogue entry. */
struct db_backup {
	int64_t id;
	char kind[8];			/* full, diff */
	char file[128];			/* base name in location */
	char location[512];		/* the backup directory or medium */
	int64_t base_id;		/* diff: the full it builds on */
	char created_at[TIME_MAX];
	char created_by[LOGIN_MAX];
	int64_t size;
	char hash[HASH_HEX];		/* BLAKE2b-256 of the encrypted file */
	char period_from[TIME_MAX];	/* diff: the base's time; full: "" */
	char period_to[TIME_MAX];
	int64_t audit_seq;		/* audit head inside the backup */
	char audit_hash[HASH_HEX];
	int64_t pages;
	char disposed_at[TIME_MAX];
	char disposed_by[LOGIN_MAX];
};

/* The media register. */
struct db_media {
	char id[LOGIN_MAX];
	char description[97];
	char kind[16];
	char secret_hash[HASH_HEX];	/* BLAKE2b of the ID file's secret */
	char registered_by[LOGIN_MAX];
	char registered_at[TIME_MAX];
	int active;
	char retired_at[TIME_MAX];
	char retired_by[LOGIN_MAX];
	char retired_how[16];		/* returned, disposed, lost */
};

/* The export register. */
struct db_export {
	int64_t job_id;
	char media_id[LOGIN_MAX];
	char file_name[128];
	char checksum[HASH_HEX];
	int64_t record_count;
	int64_t skipped_restricted;
	char field_list[256];
	char encoding[16];
	char user_login[LOGIN_MAX];
	int64_t approval_id;		/* 0 below the bulk threshold */
	char approver[LOGIN_MAX];
	char purpose[241];
	char takeout_approver[LOGIN_MAX];
	char at[TIME_MAX];
	char returned_at[TIME_MAX];
	char disposed_at[TIME_MAX];
	char closed_by[LOGIN_MAX];
};

/* A bulk-output approval. */
struct db_approval {
	int64_t id;
	char kind[16];			/* export, notices, purge */
	char purpose[241];
	char conditions[241];
	int64_t max_count;
	char requested_by[LOGIN_MAX];
	char requested_at[TIME_MAX];
	char state[12];			/* requested, granted, refused, used */
	char decided_by[LOGIN_MAX];
	char decided_at[TIME_MAX];
	char expires_at[TIME_MAX];
	char used_at[TIME_MAX];
	int64_t used_count;
};

/* A record whose retention has run out (keys only). */
struct db_expired {
	char ledger[16];
	char key[48];			/* 宛名番号, claim_no, year-pass_no, record_no */
	int versions;
	char basis[DATE_MAX];		/* the date its retention runs from */
	int pending, doubt, hold;	/* reasons to keep it */
};

#endif
