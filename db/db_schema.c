/*
 * Versioned schema migrations, applied in order on open, each in its own
 * transaction.  The text is SQLite dialect with {TOKENS} that the driver
 * rewrites (db_driver.dialect) so that other engines can share it.  A
 * database whose version is newer than this program knows is refused.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "db_internal.h"
#include "xmalloc.h"

/* The stamp of every ledger book's versions (migrations 5-7;
 * fixed text: a migration never changes once released). */
#define BOOK_STAMP_COLS \
	" reason_code TEXT NOT NULL DEFAULT ''," \
	" ref_no TEXT NOT NULL DEFAULT ''," \
	" justification TEXT NOT NULL DEFAULT ''," \
	" doubt INTEGER NOT NULL DEFAULT 0 CHECK (doubt IN (0,1))," \
	" operator TEXT NOT NULL," \
	" terminal TEXT NOT NULL," \
	" stamp TEXT NOT NULL," \
	" update_seq {INT64} NOT NULL," \
	" confirmed_by TEXT NOT NULL DEFAULT ''," \
	" confirmed_at TEXT NOT NULL DEFAULT ''," \
	" review_comment TEXT NOT NULL DEFAULT '',"
#define BOOK_STATE_COLS \
	" rireki_no INTEGER NOT NULL CHECK (rireki_no >= 1)," \
	" state TEXT NOT NULL CHECK (state IN" \
	"  ('pending','confirmed','rejected','superseded'))," \
	" current INTEGER NOT NULL DEFAULT 0 CHECK (current IN (0,1))," \
	" op TEXT NOT NULL,"

static const char *const migrations[] = {
	/* 1: accounts, terminals, settings, audit log, resident master */
	"CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL){STRICT};"

	"CREATE TABLE roles (name TEXT PRIMARY KEY, description TEXT NOT NULL){STRICT};"
	"INSERT INTO roles VALUES ('clerk','counter clerk: registers and corrects'),"
	" ('supervisor','confirms entries, approves bulk output'),"
	" ('operator','batch printing and export'),"
	" ('auditor','reads the audit log and registers'),"
	" ('admin','accounts, settings, backups');"
	"CREATE TABLE ledgers (name TEXT PRIMARY KEY, description TEXT NOT NULL){STRICT};"
	"INSERT INTO ledgers VALUES ('resident','resident/address master'),"
	" ('child','child allowance'), ('elderly','elderly transit pass'),"
	" ('vaccine','vaccination'), ('system','accounts, settings, audit');"

	"CREATE TABLE users ("
	" id {SERIAL},"
	" login TEXT NOT NULL UNIQUE,"
	" display_name TEXT NOT NULL DEFAULT '',"
	" pw_hash TEXT,"
	" pw_changed_at TEXT NOT NULL DEFAULT '',"
	" must_change INTEGER NOT NULL DEFAULT 0,"
	" failed_count INTEGER NOT NULL DEFAULT 0,"
	" locked INTEGER NOT NULL DEFAULT 0,"
	" disabled_at TEXT NOT NULL DEFAULT '',"
	" disabled_reason TEXT NOT NULL DEFAULT '',"
	" end_date TEXT NOT NULL DEFAULT '',"
	" created_at TEXT NOT NULL,"
	" last_login_at TEXT NOT NULL DEFAULT '')"
	"{STRICT};"
	"CREATE TABLE password_history ("
	" id {SERIAL},"
	" user_id {INT64} NOT NULL REFERENCES users(id),"
	" pw_hash TEXT NOT NULL,"
	" changed_at TEXT NOT NULL){STRICT};"
	"CREATE INDEX password_history_user ON password_history(user_id, changed_at);"
	"CREATE TABLE grants ("
	" user_id {INT64} NOT NULL REFERENCES users(id),"
	" ledger TEXT NOT NULL REFERENCES ledgers(name),"
	" role TEXT NOT NULL REFERENCES roles(name),"
	" granted_at TEXT NOT NULL,"
	" granted_by TEXT NOT NULL,"
	" PRIMARY KEY (user_id, ledger, role)){STRICT};"
	"CREATE TABLE access_register ("
	" id {SERIAL},"
	" at TEXT NOT NULL,"
	" user_login TEXT NOT NULL,"
	" action TEXT NOT NULL,"
	" ledger TEXT NOT NULL DEFAULT '',"
	" role TEXT NOT NULL DEFAULT '',"
	" by_login TEXT NOT NULL,"
	" reason TEXT NOT NULL DEFAULT ''){STRICT};"
	"CREATE TABLE terminals ("
	" id TEXT PRIMARY KEY,"
	" description TEXT NOT NULL DEFAULT '',"
	" active INTEGER NOT NULL DEFAULT 1,"
	" registered_at TEXT NOT NULL,"
	" registered_by TEXT NOT NULL){STRICT};"
	"CREATE TABLE settings ("
	" key TEXT PRIMARY KEY,"
	" value TEXT NOT NULL,"
	" updated_at TEXT NOT NULL,"
	" updated_by TEXT NOT NULL){STRICT};"

	"CREATE TABLE audit_log ("
	" seq {INT64} PRIMARY KEY,"
	" at TEXT NOT NULL,"
	" user_login TEXT NOT NULL,"
	" terminal TEXT NOT NULL,"
	" category TEXT NOT NULL DEFAULT '',"
	" op TEXT NOT NULL,"
	" target TEXT NOT NULL DEFAULT '',"
	" detail TEXT NOT NULL DEFAULT '',"
	" outcome TEXT NOT NULL,"
	" reason TEXT NOT NULL DEFAULT '',"
	" prev_hash TEXT NOT NULL,"
	" hash TEXT NOT NULL){STRICT};"
	"CREATE INDEX audit_log_user ON audit_log(user_login, at);"
	"CREATE INDEX audit_log_target ON audit_log(target);"
	"{APPEND_ONLY audit_log};"

	"CREATE TABLE residents ("
	" atena_no TEXT{BYTES} NOT NULL,"
	" rireki_no INTEGER NOT NULL CHECK (rireki_no >= 1),"
	" state TEXT NOT NULL CHECK (state IN"
	"  ('pending','confirmed','rejected','superseded')),"
	" current INTEGER NOT NULL DEFAULT 0 CHECK (current IN (0,1)),"
	" op TEXT NOT NULL,"
	" my_number TEXT CHECK (my_number IS NULL OR length(my_number) = 12),"
	" mn_method TEXT NOT NULL DEFAULT '',"
	" juminhyo_code TEXT NOT NULL DEFAULT '',"
	" name TEXT NOT NULL,"
	" name_kana TEXT NOT NULL,"
	" name_key TEXT{BYTES} NOT NULL,"
	" name_norm TEXT{BYTES} NOT NULL,"
	" alias_name TEXT NOT NULL DEFAULT '',"
	" former_surname TEXT NOT NULL DEFAULT '',"
	" former_surname_kana TEXT NOT NULL DEFAULT '',"
	" birth_date TEXT{BYTES} NOT NULL,"
	" sex INTEGER NOT NULL CHECK (sex IN (1,2,9)),"
	" postal_code TEXT NOT NULL DEFAULT '',"
	" address_code TEXT NOT NULL DEFAULT '',"
	" address TEXT NOT NULL DEFAULT '',"
	" katagaki TEXT NOT NULL DEFAULT '',"
	" household_no TEXT NOT NULL DEFAULT '',"
	" phone TEXT NOT NULL DEFAULT '',"
	" resident_flag INTEGER NOT NULL DEFAULT 1,"
	" removal_date TEXT NOT NULL DEFAULT '',"
	" removal_reason TEXT NOT NULL DEFAULT '',"
	" movement_reason TEXT NOT NULL DEFAULT '',"
	" movement_date TEXT NOT NULL DEFAULT '',"
	" notified_date TEXT NOT NULL DEFAULT '',"
	" retention_class TEXT NOT NULL DEFAULT 'resident',"
	" deleted INTEGER NOT NULL DEFAULT 0,"
	" restricted INTEGER NOT NULL DEFAULT 0,"
	" doubt INTEGER NOT NULL DEFAULT 0,"
	" reason_code TEXT NOT NULL DEFAULT '',"
	" ref_no TEXT NOT NULL DEFAULT '',"
	" justification TEXT NOT NULL DEFAULT '',"
	" operator TEXT NOT NULL,"
	" terminal TEXT NOT NULL,"
	" stamp TEXT NOT NULL,"
	" update_seq {INT64} NOT NULL,"
	" confirmed_by TEXT NOT NULL DEFAULT '',"
	" confirmed_at TEXT NOT NULL DEFAULT '',"
	" PRIMARY KEY (atena_no, rireki_no)){STRICT};"
	"CREATE UNIQUE INDEX residents_current ON residents(atena_no) WHERE current = 1;"
	"CREATE INDEX residents_dob_key ON residents(birth_date, name_key) WHERE current = 1;"
	"CREATE INDEX residents_dob_norm ON residents(birth_date, name_norm) WHERE current = 1;"
	"CREATE INDEX residents_key ON residents(name_key) WHERE current = 1;"
	"CREATE INDEX residents_norm ON residents(name_norm) WHERE current = 1;"
	"CREATE INDEX residents_my_number ON residents(my_number) WHERE my_number IS NOT NULL;"
	"CREATE INDEX residents_seq ON residents(update_seq);",

	/* 2: drafts kept over an auto-logoff */
	"CREATE TABLE drafts ("
	" user_login TEXT NOT NULL,"
	" screen TEXT NOT NULL,"
	" content TEXT NOT NULL,"
	" saved_at TEXT NOT NULL,"
	" PRIMARY KEY (user_login, screen)){STRICT};",

	/* 3: confirmation by a second person */
	"ALTER TABLE residents ADD COLUMN review_comment TEXT NOT NULL DEFAULT '';"
	"CREATE INDEX residents_pending ON residents(stamp) WHERE state = 'pending';"
	"CREATE TABLE confirm_tries ("
	" ledger TEXT NOT NULL,"
	" entry TEXT NOT NULL,"
	" rireki_no INTEGER NOT NULL,"
	" tries INTEGER NOT NULL,"
	" PRIMARY KEY (ledger, entry, rireki_no)){STRICT};"
	/* Four-eyes in the database itself: whoever entered a version can
	 * never be the one recorded as confirming it. */
	"{FOUR_EYES residents};",
	/* 4: code tables: vaccines, medical institutions, post offices
	 * (郵便局マスタ), reasons (処理事由), bus companies, and the fee table
	 * (納付額ファイル).  The rows below are SAMPLE data for a Kyoto-like
	 * city; a site replaces them with `codes import`.  The vaccines and
	 * fees match ledger/vaccine.c and ledger/elderly.c (tested). */
	"CREATE TABLE codes ("
	" kind TEXT NOT NULL CHECK (kind IN"
	"  ('vaccine','institution','post_office','reason','bus')),"
	" code TEXT{BYTES} NOT NULL CHECK (length(code) BETWEEN 1 AND 15),"
	" name TEXT NOT NULL,"
	" postal_code TEXT NOT NULL DEFAULT '',"
	" address TEXT NOT NULL DEFAULT '',"
	" phone TEXT NOT NULL DEFAULT '',"
	" attr TEXT NOT NULL DEFAULT '',"
	" PRIMARY KEY (kind, code)){STRICT};"
	"CREATE TABLE fee_tiers ("
	" year INTEGER NOT NULL,"
	" tier INTEGER NOT NULL,"
	" half {INT64} NOT NULL CHECK (half >= 0),"
	" one {INT64} NOT NULL CHECK (one >= 0),"
	" one_half {INT64} NOT NULL CHECK (one_half >= 0),"
	" cap {INT64} NOT NULL CHECK (cap >= 0),"
	" PRIMARY KEY (year, tier)){STRICT};"
	"INSERT INTO codes (kind, code, name, attr) VALUES"
	" ('vaccine','HIB','Hib (ヒブ)','A'),"
	" ('vaccine','PCV','小児用肺炎球菌','A'),"
	" ('vaccine','HBV','B型肝炎','A'),"
	" ('vaccine','ROTA1','ロタウイルス (1価)','A'),"
	" ('vaccine','ROTA5','ロタウイルス (5価)','A'),"
	" ('vaccine','DPT-IPV-HIB','五種混合 (DPT-IPV-Hib)','A'),"
	" ('vaccine','DPT-IPV','四種混合 (DPT-IPV)','A'),"
	" ('vaccine','BCG','BCG','A'),"
	" ('vaccine','MR1','麻しん風しん (MR) 1期','A'),"
	" ('vaccine','MR2','麻しん風しん (MR) 2期','A'),"
	" ('vaccine','VAR','水痘','A'),"
	" ('vaccine','JE1','日本脳炎 1期','A'),"
	" ('vaccine','JE2','日本脳炎 2期','A'),"
	" ('vaccine','HPV9','HPV (9価)','A'),"
	" ('vaccine','FLU-B','高齢者インフルエンザ','B'),"
	" ('vaccine','PPSV23-B','高齢者肺炎球菌','B');"
	"INSERT INTO codes (kind, code, name, postal_code, address, phone) VALUES"
	" ('institution','2610100011','京都市立病院','6048845',"
	"  '京都市中京区壬生東高田町1番地の2','075-311-5311'),"
	" ('institution','2610500015','京都第一赤十字病院','6050981',"
	"  '京都市東山区本町十五丁目749番地','075-561-1121'),"
	" ('institution','2610200019','京都第二赤十字病院','6028026',"
	"  '京都市上京区釜座通丸太町上る春帯町355番地の5','075-231-5171'),"
	" ('institution','2610300017','京都大学医学部附属病院','6068507',"
	"  '京都市左京区聖護院川原町54','075-751-3111'),"
	" ('institution','2610200027','京都府立医科大学附属病院','6028566',"
	"  '京都市上京区河原町通広小路上る梶井町465','075-251-5111'),"
	" ('institution','2610400031','さくら小児科クリニック','6038148',"
	"  '京都市北区小山北上総町1番地','075-000-0001'),"
	" ('post_office','26001','京都中央郵便局','6008799',"
	"  '京都市下京区東塩小路町843番地の12',''),"
	" ('post_office','26002','中京郵便局','6048799',"
	"  '京都市中京区三条通東洞院東入菱屋町30',''),"
	" ('post_office','26003','左京郵便局','6068799',"
	"  '京都市左京区下鴨北園町1番地',''),"
	" ('post_office','26004','右京郵便局','6168799',"
	"  '京都市右京区太秦下刑部町12番地',''),"
	" ('post_office','26005','伏見郵便局','6128799',"
	"  '京都市伏見区鑓屋町1071番地',''),"
	" ('post_office','26006','北郵便局','6038799',"
	"  '京都市北区小山下総町54番地の2','');"
	"INSERT INTO codes (kind, code, name, attr) VALUES"
	" ('reason','01','新規申請',''),"
	" ('reason','02','変更届',''),"
	" ('reason','03','職権修正',''),"
	" ('reason','04','消滅・返還',''),"
	" ('reason','08','却下',''),"
	" ('reason','10','現況届','child'),"
	" ('reason','11','認定','child'),"
	" ('reason','12','額改定','child'),"
	" ('reason','13','支払差止め・解除','child'),"
	" ('reason','20','負担金決定','elderly'),"
	" ('reason','21','収入','elderly'),"
	" ('reason','22','交付','elderly'),"
	" ('reason','23','還付','elderly'),"
	" ('reason','24','減免','elderly'),"
	" ('reason','25','再交付','elderly'),"
	" ('reason','30','接種記録','vaccine'),"
	" ('reason','31','他市町村接種','vaccine'),"
	" ('reason','32','費用助成','vaccine'),"
	" ('bus','01','京都バス',''),"
	" ('bus','02','京阪バス',''),"
	" ('bus','03','西日本ジェイアールバス',''),"
	" ('bus','04','京阪京都交通',''),"
	" ('bus','05','ヤサカバス','');"
	"INSERT INTO fee_tiers VALUES"
	" (2024,1,0,0,0,60000), (2024,2,4500,9000,13500,60000),"
	" (2024,3,7500,15000,22500,60000), (2024,4,15000,30000,45000,60000),"
	" (2024,5,22500,45000,67500,60000),"
	" (2025,1,0,0,0,60000), (2025,2,4500,9000,13500,60000),"
	" (2025,3,7500,15000,22500,60000), (2025,4,15000,30000,45000,60000),"
	" (2025,5,22500,45000,67500,60000);",
	/* 5: the child allowance ledger (児童手当): claims (認定請求) and their
	 * decisions as versions, the children of each version by 宛名番号
	 * (never a My Number: R-61), amounts stored for re-checking. */
	"CREATE TABLE child_claims ("
	" claim_no TEXT{BYTES} NOT NULL,"
	BOOK_STATE_COLS
	" claimant_atena TEXT{BYTES} NOT NULL,"
	" spouse_atena TEXT NOT NULL DEFAULT '',"
	" claimant_type INTEGER NOT NULL,"
	" channel INTEGER NOT NULL,"
	" applicant_type INTEGER NOT NULL,"
	" id_doc INTEGER NOT NULL,"
	" poa_seen INTEGER NOT NULL DEFAULT 0,"
	" id_copy_attached INTEGER NOT NULL DEFAULT 0,"
	" signature_verified INTEGER NOT NULL DEFAULT 0,"
	" claimant_mn_method INTEGER NOT NULL DEFAULT 0,"
	" claim_date TEXT NOT NULL,"
	" event_date TEXT NOT NULL DEFAULT '',"
	" start_month TEXT NOT NULL DEFAULT '',"
	" end_month TEXT NOT NULL DEFAULT '',"
	" decision TEXT NOT NULL DEFAULT '',"
	" decision_date TEXT NOT NULL DEFAULT '',"
	" genkyo_flags INTEGER NOT NULL DEFAULT 0,"
	" genkyo_required INTEGER NOT NULL DEFAULT 0,"
	" suspended INTEGER NOT NULL DEFAULT 0,"
	" amount_month TEXT NOT NULL DEFAULT '',"
	" monthly_total {INT64} NOT NULL DEFAULT 0 CHECK (monthly_total >= 0),"
	BOOK_STAMP_COLS
	" PRIMARY KEY (claim_no, rireki_no)){STRICT};"
	"CREATE UNIQUE INDEX child_claims_current ON child_claims(claim_no)"
	" WHERE current = 1;"
	"CREATE INDEX child_claims_claimant ON child_claims(claimant_atena);"
	"CREATE INDEX child_claims_pending ON child_claims(stamp)"
	" WHERE state = 'pending';"
	"CREATE TABLE child_claim_children ("
	" claim_no TEXT{BYTES} NOT NULL,"
	" rireki_no INTEGER NOT NULL,"
	" seq INTEGER NOT NULL,"
	" atena_no TEXT{BYTES} NOT NULL,"
	" supported INTEGER NOT NULL DEFAULT 0,"
	" mn_method INTEGER NOT NULL DEFAULT 0,"
	" paid_from TEXT NOT NULL DEFAULT '',"
	" paid_until TEXT NOT NULL DEFAULT '',"
	" amount INTEGER NOT NULL DEFAULT 0 CHECK (amount >= 0),"
	" rank INTEGER NOT NULL DEFAULT 0,"
	" PRIMARY KEY (claim_no, rireki_no, seq),"
	" FOREIGN KEY (claim_no, rireki_no)"
	"  REFERENCES child_claims(claim_no, rireki_no)){STRICT};"
	"CREATE INDEX child_claim_children_atena ON child_claim_children(atena_no);"
	"{FOUR_EYES child_claims};",
	/* 6: the elderly pass ledger (敬老乗車証): 乗車証基本マスタ versions keyed
	 * (年度, 乗車証交付番号, 履歴番号) with the eligibility inputs, the fee
	 * decision and its inputs, payment, issuance, refund, return. */
	"CREATE TABLE elderly_passes ("
	" year INTEGER NOT NULL,"
	" pass_no TEXT{BYTES} NOT NULL,"
	BOOK_STATE_COLS
	" status TEXT NOT NULL CHECK (status IN"
	"  ('applied','decided','paid','issued','returned','refused')),"
	" atena_no TEXT{BYTES} NOT NULL,"
	" pass_type INTEGER NOT NULL,"
	" apply_date TEXT NOT NULL,"
	" channel INTEGER NOT NULL,"
	" applicant_type INTEGER NOT NULL,"
	" id_doc INTEGER NOT NULL,"
	" poa_seen INTEGER NOT NULL DEFAULT 0,"
	" id_copy_attached INTEGER NOT NULL DEFAULT 0,"
	" wish_post_office TEXT NOT NULL DEFAULT '',"
	" consent INTEGER NOT NULL DEFAULT 0,"
	" reference_date TEXT NOT NULL,"
	" income {INT64} NOT NULL DEFAULT 0 CHECK (income >= 0),"
	" public_assistance INTEGER NOT NULL DEFAULT 0,"
	" welfare_pass INTEGER NOT NULL DEFAULT 0,"
	" disability_no TEXT NOT NULL DEFAULT '',"
	" tier INTEGER NOT NULL DEFAULT 0,"
	" period INTEGER NOT NULL DEFAULT 0,"
	" reduction TEXT NOT NULL DEFAULT '',"
	" judged_on TEXT NOT NULL DEFAULT '',"
	" table_amount {INT64} NOT NULL DEFAULT 0,"
	" cap {INT64} NOT NULL DEFAULT 0,"
	" capped {INT64} NOT NULL DEFAULT 0,"
	" reduced_by {INT64} NOT NULL DEFAULT 0,"
	" fee_amount {INT64} NOT NULL DEFAULT 0 CHECK (fee_amount >= 0),"
	" due_date TEXT NOT NULL DEFAULT '',"
	" paid_amount {INT64} NOT NULL DEFAULT 0 CHECK (paid_amount >= 0),"
	" paid_date TEXT NOT NULL DEFAULT '',"
	" pay_method TEXT NOT NULL DEFAULT '',"
	" post_office TEXT NOT NULL DEFAULT '',"
	" issue_date TEXT NOT NULL DEFAULT '',"
	" reissue_count INTEGER NOT NULL DEFAULT 0,"
	" refund_amount {INT64} NOT NULL DEFAULT 0 CHECK (refund_amount >= 0),"
	" refund_date TEXT NOT NULL DEFAULT '',"
	" refund_reason TEXT NOT NULL DEFAULT '',"
	" extra_due {INT64} NOT NULL DEFAULT 0 CHECK (extra_due >= 0),"
	" end_reason TEXT NOT NULL DEFAULT '',"
	" end_date TEXT NOT NULL DEFAULT '',"
	" end_notified TEXT NOT NULL DEFAULT '',"
	BOOK_STAMP_COLS
	" PRIMARY KEY (year, pass_no, rireki_no)){STRICT};"
	"CREATE UNIQUE INDEX elderly_passes_current ON elderly_passes(year, pass_no)"
	" WHERE current = 1;"
	"CREATE INDEX elderly_passes_person ON elderly_passes(atena_no, year);"
	"CREATE INDEX elderly_passes_pending ON elderly_passes(stamp)"
	" WHERE state = 'pending';"
	"{FOUR_EYES elderly_passes};",

	/* 7: the vaccination ledger (予防接種ファイル): one row per version of a
	 * dose record, by 基本コード (宛名番号); lot and institution checked
	 * against the code tables on entry. */
	"CREATE TABLE vaccine_doses ("
	" record_no TEXT{BYTES} NOT NULL,"
	BOOK_STATE_COLS
	" atena_no TEXT{BYTES} NOT NULL,"
	" vaccine_code TEXT NOT NULL,"
	" dose_no INTEGER NOT NULL CHECK (dose_no >= 1),"
	" date TEXT NOT NULL,"
	" maker TEXT NOT NULL DEFAULT '',"
	" lot TEXT NOT NULL DEFAULT '',"
	" lot_expiry TEXT NOT NULL DEFAULT '',"
	" institution TEXT NOT NULL DEFAULT '',"
	" doctor TEXT NOT NULL DEFAULT '',"
	" site TEXT NOT NULL DEFAULT '',"
	" volume TEXT NOT NULL DEFAULT '',"
	" amount {INT64} NOT NULL DEFAULT 0 CHECK (amount >= 0),"
	" subsidy_kind TEXT NOT NULL DEFAULT '',"
	" subsidy_date TEXT NOT NULL DEFAULT '',"
	" subsidy_amount {INT64} NOT NULL DEFAULT 0 CHECK (subsidy_amount >= 0),"
	" other_municipality INTEGER NOT NULL DEFAULT 0,"
	" certificate INTEGER NOT NULL DEFAULT 0,"
	" voluntary INTEGER NOT NULL DEFAULT 0,"
	" notes TEXT NOT NULL DEFAULT '',"
	BOOK_STAMP_COLS
	" PRIMARY KEY (record_no, rireki_no)){STRICT};"
	"CREATE UNIQUE INDEX vaccine_doses_current ON vaccine_doses(record_no)"
	" WHERE current = 1;"
	"CREATE INDEX vaccine_doses_person ON vaccine_doses(atena_no, date);"
	"CREATE INDEX vaccine_doses_pending ON vaccine_doses(stamp)"
	" WHERE state = 'pending';"
	"CREATE INDEX residents_birth_current ON residents(birth_date, atena_no)"
	" WHERE current = 1;"
	"{FOUR_EYES vaccine_doses};",
	/* 8: media and export registers, bulk-output approvals
	 * the backup catalogue, and retention (R-21, R-49 –
	 * legal holds, the deletion history (廃棄履歴, keys only), the
	 * audit chain's purge anchors, and the purge window that alone lets
	 * the audit log lose its oldest rows (see {PURGEABLE}). */
	"CREATE TABLE media ("
	" id TEXT PRIMARY KEY,"
	" description TEXT NOT NULL DEFAULT '',"
	" kind TEXT NOT NULL DEFAULT '',"
	" secret_hash TEXT NOT NULL,"
	" registered_by TEXT NOT NULL,"
	" registered_at TEXT NOT NULL,"
	" active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0,1)),"
	" retired_at TEXT NOT NULL DEFAULT '',"
	" retired_by TEXT NOT NULL DEFAULT '',"
	" retired_how TEXT NOT NULL DEFAULT ''){STRICT};"
	"CREATE TABLE export_register ("
	" job_id {SERIAL},"
	" media_id TEXT NOT NULL,"
	" file_name TEXT NOT NULL,"
	" checksum TEXT NOT NULL,"
	" record_count {INT64} NOT NULL,"
	" skipped_restricted {INT64} NOT NULL DEFAULT 0,"
	" field_list TEXT NOT NULL,"
	" encoding TEXT NOT NULL,"
	" user_login TEXT NOT NULL,"
	" approval_id {INT64} NOT NULL DEFAULT 0,"
	" approver TEXT NOT NULL DEFAULT '',"
	" purpose TEXT NOT NULL,"
	" takeout_approver TEXT NOT NULL DEFAULT '',"
	" at TEXT NOT NULL,"
	" returned_at TEXT NOT NULL DEFAULT '',"
	" disposed_at TEXT NOT NULL DEFAULT '',"
	" closed_by TEXT NOT NULL DEFAULT ''){STRICT};"
	"CREATE TABLE approvals ("
	" id {SERIAL},"
	" kind TEXT NOT NULL,"
	" purpose TEXT NOT NULL,"
	" conditions TEXT NOT NULL DEFAULT '',"
	" max_count {INT64} NOT NULL CHECK (max_count >= 1),"
	" requested_by TEXT NOT NULL,"
	" requested_at TEXT NOT NULL,"
	" state TEXT NOT NULL CHECK (state IN"
	"  ('requested','granted','refused','used')),"
	" decided_by TEXT NOT NULL DEFAULT '',"
	" decided_at TEXT NOT NULL DEFAULT '',"
	" expires_at TEXT NOT NULL DEFAULT '',"
	" used_at TEXT NOT NULL DEFAULT '',"
	" used_count {INT64} NOT NULL DEFAULT 0,"
	" CHECK (state = 'requested' OR decided_by <> requested_by)){STRICT};"
	"CREATE TABLE backup_catalog ("
	" id {SERIAL},"
	" kind TEXT NOT NULL CHECK (kind IN ('full','diff')),"
	" file TEXT NOT NULL,"
	" location TEXT NOT NULL,"
	" base_id {INT64} NOT NULL DEFAULT 0,"
	" created_at TEXT NOT NULL,"
	" created_by TEXT NOT NULL,"
	" size {INT64} NOT NULL,"
	" hash TEXT NOT NULL,"
	" period_from TEXT NOT NULL,"
	" period_to TEXT NOT NULL,"
	" audit_seq {INT64} NOT NULL,"
	" audit_hash TEXT NOT NULL,"
	" pages {INT64} NOT NULL DEFAULT 0,"
	" disposed_at TEXT NOT NULL DEFAULT '',"
	" disposed_by TEXT NOT NULL DEFAULT ''){STRICT};"
	"CREATE TABLE legal_holds ("
	" ledger TEXT NOT NULL,"
	" record_key TEXT NOT NULL,"
	" reason TEXT NOT NULL DEFAULT '',"
	" set_by TEXT NOT NULL,"
	" set_at TEXT NOT NULL,"
	" PRIMARY KEY (ledger, record_key)){STRICT};"
	"CREATE TABLE deletion_log ("
	" id {SERIAL},"
	" run_id TEXT NOT NULL,"
	" ledger TEXT NOT NULL,"
	" record_key TEXT NOT NULL,"
	" versions INTEGER NOT NULL,"
	" retention_class TEXT NOT NULL,"
	" end_date TEXT NOT NULL,"
	" operator TEXT NOT NULL,"
	" approver TEXT NOT NULL,"
	" at TEXT NOT NULL){STRICT};"
	"{APPEND_ONLY deletion_log};"
	"CREATE TABLE purge_anchor ("
	" seq {INT64} PRIMARY KEY,"
	" hash TEXT NOT NULL,"
	" run_id TEXT NOT NULL,"
	" at TEXT NOT NULL,"
	" by_login TEXT NOT NULL){STRICT};"
	"{APPEND_ONLY purge_anchor};"
	"CREATE TABLE purge_window ("
	" upto_seq {INT64} NOT NULL,"
	" before_at TEXT NOT NULL){STRICT};"
	"{PURGEABLE audit_log};",
	/* 9: record locks while editing (住記 standard): who edits which
	 * entry, at which terminal, since and until when (db_lock.h). */
	"CREATE TABLE edit_locks ("
	" entity TEXT NOT NULL,"
	" key TEXT{BYTES} NOT NULL,"
	" holder TEXT NOT NULL,"
	" terminal TEXT NOT NULL,"
	" since TEXT NOT NULL,"
	" expires TEXT{BYTES} NOT NULL,"
	" PRIMARY KEY (entity, key)){STRICT};",
	/* 10: the print register (帳票管理簿, R-41) of notice jobs:
	 * the job with its R-40 check and R-43 approval, the record key of
	 * every page, and hand-over, storage and disposal (db_print.h). */
	"CREATE TABLE print_jobs ("
	" job_id {SERIAL},"
	" ledger TEXT NOT NULL,"
	" kind TEXT NOT NULL,"
	" title TEXT NOT NULL,"
	" conditions TEXT NOT NULL,"
	" state TEXT NOT NULL CHECK (state IN ('awaiting_check','ready',"
	"  'running','done','cancelled','failed')),"
	" requested_by TEXT NOT NULL,"
	" requested_at TEXT NOT NULL,"
	" expected {INT64} NOT NULL,"
	" skipped_restricted {INT64} NOT NULL DEFAULT 0,"
	" skipped_other {INT64} NOT NULL DEFAULT 0,"
	" recipients_hash TEXT NOT NULL,"
	" template_hash TEXT NOT NULL,"
	" approval_id {INT64} NOT NULL DEFAULT 0,"
	" approver TEXT NOT NULL DEFAULT '',"
	" checker TEXT NOT NULL DEFAULT '',"
	" checked_at TEXT NOT NULL DEFAULT '',"
	" run_by TEXT NOT NULL DEFAULT '',"
	" run_at TEXT NOT NULL DEFAULT '',"
	" finished_at TEXT NOT NULL DEFAULT '',"
	" printer TEXT NOT NULL DEFAULT '',"
	" file TEXT NOT NULL DEFAULT '',"
	" pages {INT64} NOT NULL DEFAULT 0,"
	" records {INT64} NOT NULL DEFAULT 0,"
	" reprint_of {INT64} NOT NULL DEFAULT 0,"
	" CHECK (checker = '' OR checker <> requested_by)){STRICT};"
	"CREATE TABLE print_pages ("
	" job_id {INT64} NOT NULL REFERENCES print_jobs(job_id),"
	" page {INT64} NOT NULL,"
	" record_key TEXT NOT NULL,"
	" PRIMARY KEY (job_id, page)){STRICT};"
	"{APPEND_ONLY print_pages};"
	"CREATE TABLE print_custody ("
	" id {SERIAL},"
	" job_id {INT64} NOT NULL REFERENCES print_jobs(job_id),"
	" event TEXT NOT NULL CHECK (event IN ('handover','store','dispose')),"
	" event_date TEXT NOT NULL,"
	" method TEXT NOT NULL,"
	" by_login TEXT NOT NULL,"
	" at TEXT NOT NULL){STRICT};"
	"{APPEND_ONLY print_custody};",
	/* 11: SAMPLE fee rows for fiscal 2026 and 2027 beside 2024 and 2025
	 * (a pass decided in 2026 found no fee); rows a city already has for
	 * those years are kept. */
	"INSERT INTO fee_tiers VALUES"
	" (2026,1,0,0,0,60000), (2026,2,4500,9000,13500,60000),"
	" (2026,3,7500,15000,22500,60000), (2026,4,15000,30000,45000,60000),"
	" (2026,5,22500,45000,67500,60000),"
	" (2027,1,0,0,0,60000), (2027,2,4500,9000,13500,60000),"
	" (2027,3,7500,15000,22500,60000), (2027,4,15000,30000,45000,60000),"
	" (2027,5,22500,45000,67500,60000)"
	" ON CONFLICT DO NOTHING;",
};

#define NMIGRATIONS ((int)(sizeof migrations / sizeof migrations[0]))

int
db_schema_latest(void)
{
	return NMIGRATIONS;
}

/*
 * Replace each {TOKEN} or {TOKEN argument} with the driver's text:
 *   {STRICT}            table option (SQLite STRICT)
 *   {SERIAL}            an auto-numbered integer primary key
 *   {INT64}             a 64-bit integer column type
 *   {BYTES}             byte-order collation for range searches on text
 *   {APPEND_ONLY t}     triggers refusing UPDATE and DELETE on table t
 *   {PURGEABLE t}       t's delete trigger remade to let through the rows
 *                       inside a purge_window row (the retention purge)
 *   {FOUR_EYES t}       trigger refusing a confirmation of t's row by the
 *                       user who entered it
 */
static char *
rewrite(struct db *db, const char *sql)
{
	struct buf b;
	const char *p, *end;
	char tok[64];

	buf_init(&b);
	for (p = sql; *p != '\0'; p++) {
		if (*p == '{' && (end = strchr(p, '}')) != NULL &&
		    (size_t)(end - p) < sizeof tok) {
			memcpy(tok, p + 1, (size_t)(end - p - 1));
			tok[end - p - 1] = '\0';
			if (db->drv->dialect(tok, &b) == -1)
				fatal("schema token {%s} unknown to driver %s",
				    tok, db->drv->name);
			p = end;
		} else
			buf_addc(&b, *p);
	}
	return buf_release(&b);
}

int
db_schema_version(struct db *db)
{
	void *st;
	int v = 0;

	/* Look for the meta table first: on some engines a failed statement
	 * spoils the transaction it runs in. */
	if ((st = db->drv->prepare(db->h, db->drv->sql_has_meta, NULL)) == NULL)
		return -1;
	if (db->drv->step(st, NULL) == DB_ROW)
		v = (int)db->drv->col_int(st, 0);
	db->drv->finalize(st);
	if (v == 0)
		return 0;	/* no meta table yet: empty database */
	v = 0;
	st = db->drv->prepare(db->h,
	    "SELECT value FROM meta WHERE key = 'schema_version'", NULL);
	if (st == NULL)
		return -1;
	if (db->drv->step(st, NULL) == DB_ROW)
		v = atoi(db->drv->col_text(st, 0));
	db->drv->finalize(st);
	return v;
}

int
db_schema_migrate(struct db *db, struct err *e)
{
	return db_schema_migrate_to(db, NMIGRATIONS, e);
}

int
db_schema_migrate_to(struct db *db, int to, struct err *e)
{
	int v = db_schema_version(db);
	char *sql;

	if (v < 0)
		return err_set(e, E_DB, "", "cannot read the schema version");
	if (v > NMIGRATIONS)
		return err_set(e, E_DB_NEWER, "", "schema %d, program knows %d",
		    v, NMIGRATIONS);
	if (to > NMIGRATIONS)
		to = NMIGRATIONS;
	while (v < to) {
		if (db_begin(db, e) == -1)
			return -1;
		if (db->drv->sql_serialise != NULL &&
		    db->drv->exec(db->h, db->drv->sql_serialise, e) == -1)
			goto fail_tx;
		/* Another process may have migrated while we waited. */
		if ((v = db_schema_version(db)) >= to) {
			db_rollback(db);
			break;
		}
		sql = rewrite(db, migrations[v]);
		if (db->drv->exec(db->h, sql, e) == -1)
			goto fail;
		free(sql);
		sql = xasprintf("INSERT INTO meta (key, value) VALUES "
		    "('schema_version', '%d') ON CONFLICT (key) DO UPDATE "
		    "SET value = excluded.value", v + 1);
		if (db->drv->exec(db->h, sql, e) == -1)
			goto fail;
		free(sql);
		if (db_commit(db, e) == -1)
			return -1;
		v++;
	}
	return 0;
fail:
	free(sql);
fail_tx:
	db_rollback(db);
	return -1;
}
