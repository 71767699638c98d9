// Package account keeps the people who sign in to the web pages: their
// accounts (login, full name, role, clearance, Argon2id password hash), the
// signed session cookies, and the throttle on sign-in attempts.
//
// # Storage
//
// Accounts live in the archive, so every instance sharing one archive sees
// the same people. The archive is write-once, so an account is a series of
// revisions, users/<login>/r<NNNNNN>.json, each written with a conditional
// create: the latest revision is the account, and two instances changing
// the same account at once cannot both win (the loser retries on the new
// revision). Ended sessions are recorded as sessions/ended/<id>.
//
// # Sessions
//
// A session is a cookie signed with HMAC-SHA256 under a key shared by the
// instances (VANTHU_SESSION_KEY). It names the account, the account's
// credential epoch (bumped when the password changes or the account is
// disabled, which ends every session of the account), its start (absolute
// lifetime) and its last use (idle timeout). Signing out records the
// session as ended in the archive, so a copied cookie is of no use after.
package account
