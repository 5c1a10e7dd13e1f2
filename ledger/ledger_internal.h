/*
 * Private to ledger/: the open ledger and the transaction wrappers that
 * write the audit checkpoint after each commit.
 */
#ifndef MADOGUCHI_LEDGER_INTERNAL_H
#define MADOGUCHI_LEDGER_INTERNAL_H

#include "db.h"
#include "ledger.h"

struct ledger {
	struct db *db;
	struct config *cfg;
	char terminal[LOGIN_MAX];
	char *chain_path;	/* checkpoint file beside the database */
	int chain_fd;		/* -1 until first use */
	int syslog_on;
	/* Newest audit row written in the open transaction, for the
	 * checkpoint written after commit (0 = none). */
	int64_t pending_seq;
	char pending_hash[HASH_HEX];
};

int ledger_begin(struct ledger *, struct err *);
/* Commit, then append the audit head to the checkpoint file. */
int ledger_commit(struct ledger *, struct err *);
void ledger_rollback(struct ledger *);
/* Current local time "YYYY-MM-DD HH:MM:SS" into out[TIME_MAX]. */
void ledger_now(char out[TIME_MAX]);

#endif
