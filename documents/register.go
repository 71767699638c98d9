package documents

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"vanthu/documents/archive"
	"vanthu/documents/citation"
	"vanthu/search/fold"
)

// The outgoing register (sổ đăng ký văn bản đi): numbers run from 01 per
// issuer code, type code and committee term. A number is taken by creating
// register/<issuer>/<type>/<term>/<number> in the archive, a conditional
// create that exactly one writer wins, also across instances sharing one
// archive. A number whose issuing fails is given back only when nothing of
// its document exists, and the next issuing takes the lowest free number
// that keeps the dates in order; a number that cannot be given back that
// way is recorded as void ("số bỏ trống", with its reason). So no number is
// ever given to two documents, and every gap says why.
const registerPrefix = "register/"

// reservation is the content of a register object.
type reservation struct {
	ID         string    `json:"id"`
	ReservedAt time.Time `json:"reserved_at"`
	By         string    `json:"by"`
	Manual     bool      `json:"manual,omitempty"`
	// Revision is the revision of the document the issuing writes, so that
	// the reclaim pass knows which files would be its own.
	Revision int `json:"revision,omitempty"`
	// Void, when set, records the number as "số bỏ trống" with its reason:
	// it is never given to a document.
	Void string `json:"void,omitempty"`
}

// voidSuffix names the record that turns an existing reservation into a
// void number: register/<series>/<number>-void.
const voidSuffix = "-void"

// term returns the start date of the term that date falls in.
func (s *Service) term(date string) string {
	t := "0001-01-01"
	for _, start := range s.opts.Terms {
		if start <= date {
			t = start
		}
	}
	return t
}

func keyPart(s string) string {
	var b strings.Builder
	for _, r := range fold.String(s) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '-', r == '_':
			b.WriteRune(r)
		default:
			b.WriteRune('_')
		}
	}
	if b.Len() == 0 {
		return "_"
	}
	return b.String()
}

func seriesPrefix(issuer, typ, term string) string {
	return registerPrefix + keyPart(issuer) + "/" + keyPart(typ) + "/" + term + "/"
}

// takenNumbers lists the numbers already used in a series.
func (s *Service) takenNumbers(ctx context.Context, prefix string) (map[int]bool, error) {
	taken := map[int]bool{}
	err := s.archive.Keys(ctx, prefix, func(key string) error {
		if n, err := strconv.Atoi(strings.TrimPrefix(key, prefix)); err == nil {
			taken[n] = true
		}
		return nil
	})
	return taken, err
}

// reserve takes a number in the series for a document dated date (YYYY-MM-DD)
// and written as revision rev: want > 0 asks for that number (manual
// numbering), otherwise the lowest free one that keeps the register in date
// order (see fitsDateOrder).
func (s *Service) reserve(ctx context.Context, prefix, id string, rev int, date string, want int) (int, error) {
	res, _ := json.Marshal(reservation{ID: id, ReservedAt: s.opts.Now().UTC(), By: ActorFrom(ctx).Name, Manual: want > 0, Revision: rev})
	if want > 0 {
		// A number given by hand may open gaps below it, which only the
		// slow path fills (in date order): forget the hint.
		s.registerMu.Lock()
		delete(s.lastNumber, prefix)
		s.registerMu.Unlock()
		ok, err := s.take(ctx, prefix, want, res)
		if err != nil {
			return 0, err
		}
		if !ok {
			return 0, &ConflictError{Message: fmt.Sprintf("number %02d is already used in this register", want)}
		}
		return want, nil
	}
	// Fast path: the number after the last one this instance took or saw.
	s.registerMu.Lock()
	hint, known := s.lastNumber[prefix]
	s.registerMu.Unlock()
	if known {
		ok, err := s.take(ctx, prefix, hint+1, res)
		if err != nil {
			return 0, err
		}
		if ok {
			s.noteNumber(prefix, hint+1)
			return hint + 1, nil
		}
	}
	// Slow path: read the register and take the lowest free number; when
	// someone else takes it first, read the register again.
	for attempt := 0; attempt < 100; attempt++ {
		taken, err := s.takenNumbers(ctx, prefix)
		if err != nil {
			return 0, fmt.Errorf("read register: %w", err)
		}
		n := 1
		for taken[n] {
			n++
		}
		if fits, err := s.fitsDateOrder(ctx, prefix, taken, n, date); err != nil {
			return 0, err
		} else if !fits {
			// A gap below numbers already given that this date cannot
			// fill in order: recorded as void, never reused out of order.
			s.voidGap(ctx, prefix, n, fmt.Sprintf("số bỏ trống: dùng lại số này cho văn bản ngày %s sẽ làm sai thứ tự ngày của sổ", displayDate(date)))
			continue
		}
		ok, err := s.take(ctx, prefix, n, res)
		if err != nil {
			return 0, err
		}
		if ok {
			// The fast path only ever extends the series: a gap filled
			// here leaves no hint, so the next gap is checked too.
			if !slices.ContainsFunc(slices.Collect(maps.Keys(taken)), func(m int) bool { return m > n }) {
				s.noteNumber(prefix, n)
			}
			return n, nil
		}
	}
	return 0, fmt.Errorf("reserve number: too much contention on %s", prefix)
}

// fitsDateOrder reports whether number n, free in the series, may be given
// to a document dated date: when n is a gap below numbers already taken,
// the date must not be before the date of the number below nor after the
// date of the next number above that belongs to an issued document.
func (s *Service) fitsDateOrder(ctx context.Context, prefix string, taken map[int]bool, n int, date string) (bool, error) {
	above := 0
	for m := range taken {
		if m > n && (above == 0 || m < above) {
			above = m
		}
	}
	if above == 0 {
		return true, nil // the end of the series
	}
	for m := n - 1; m >= 1; m-- {
		if d, ok, err := s.entryDate(ctx, prefix, m); err != nil {
			return false, err
		} else if ok {
			if date < d {
				return false, nil
			}
			break
		}
	}
	for m := above; taken[m] || m == above; m++ {
		if d, ok, err := s.entryDate(ctx, prefix, m); err != nil {
			return false, err
		} else if ok {
			return date <= d, nil
		}
	}
	return true, nil
}

// entryDate is the date (YYYY-MM-DD) of the issued document holding number
// n of a series; ok is false when n is not (yet) an issued document's.
func (s *Service) entryDate(ctx context.Context, prefix string, n int) (string, bool, error) {
	key := entryKey(prefix, n)
	if row, ok := s.rows.get(key); ok && !row.Void {
		t, err := time.Parse("02/01/2006", row.Date)
		return t.Format(time.DateOnly), err == nil, nil
	}
	row, err := s.readRegisterEntry(ctx, key)
	if err != nil || row == nil || row.Void {
		return "", false, err
	}
	t, err := time.Parse("02/01/2006", row.Date)
	return t.Format(time.DateOnly), err == nil, nil
}

func displayDate(date string) string {
	if t, err := time.Parse(time.DateOnly, date); err == nil {
		return t.Format("02/01/2006")
	}
	return date
}

// voidGap claims a free number of a series as void, with its reason.
func (s *Service) voidGap(ctx context.Context, prefix string, n int, reason string) {
	b, _ := json.Marshal(reservation{ReservedAt: s.opts.Now().UTC(), By: ActorFrom(ctx).Name, Void: reason})
	if _, err := s.createOnce(ctx, entryKey(prefix, n), b, archive.CreateOptions{ContentType: "application/json", Protect: true}); err != nil && !errors.Is(err, archive.ErrExists) {
		s.log.Warn("could not record a void register number", "key", entryKey(prefix, n), "err", err)
		return
	}
	s.log.Warn("register number recorded as void", "key", entryKey(prefix, n), "reason", reason)
}

// take creates the register entry of number n: ok is false when the number
// is already taken. Manual numbers are not remembered as the last one, so
// automatic numbering keeps filling from the lowest free number.
func (s *Service) take(ctx context.Context, prefix string, n int, res []byte) (ok bool, err error) {
	// createOnce settles a write whose answer was lost by reading back:
	// the entry holding exactly res is this reservation.
	_, err = s.createOnce(ctx, entryKey(prefix, n), res, archive.CreateOptions{ContentType: "application/json"})
	switch {
	case errors.Is(err, archive.ErrExists):
		return false, nil
	case err != nil:
		return false, fmt.Errorf("reserve number %d: %w", n, err)
	}
	return true, nil
}

// entryKey is the archive key of number n in a register series.
func entryKey(prefix string, n int) string { return fmt.Sprintf("%s%06d", prefix, n) }

// noteNumber remembers the highest number taken in a series.
func (s *Service) noteNumber(prefix string, n int) {
	s.registerMu.Lock()
	defer s.registerMu.Unlock()
	if n > s.lastNumber[prefix] {
		s.lastNumber[prefix] = n
	}
}

// release gives a number back; the next issuing in the series reads the
// register again and takes the lowest free number, so no gap remains.
func (s *Service) release(prefix string, n int) {
	s.registerMu.Lock()
	delete(s.lastNumber, prefix)
	s.registerMu.Unlock()
	key := entryKey(prefix, n)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := s.archive.Delete(ctx, key); err != nil && !errors.Is(err, archive.ErrNotFound) {
		s.log.Error("could not release register number", "key", key, "err", err)
	}
}

// Issue numbers, signs and archives an existing draft immutably.
func (s *Service) Issue(ctx context.Context, id string) (*Record, error) {
	rec, err := s.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	if rec.Status == StatusIssued {
		return nil, &ConflictError{Message: fmt.Sprintf("document %s is already issued as %s", id, rec.Number)}
	}
	return s.issueNew(ctx, CreateRequest{Template: rec.Template, Data: rec.Data, Issue: true, Copies: rec.Copies, Notes: rec.Notes, Replaces: rec.Replaces}, rec.ID)
}

// issueNew issues a document in one step: validate, take the number, render
// with it, sign, archive. Any failure releases the number and stores nothing
// readable. draftID is the draft being issued, or "" for a new document.
func (s *Service) issueNew(ctx context.Context, req CreateRequest, draftID string) (*Record, error) {
	actor := ActorFrom(ctx)
	if !actor.Can(RoleSigner) {
		// The event carries the secrecy of the draft, or of the document
		// the request would have issued.
		level := s.secrecyOf(ctx, draftID)
		if data, err := decodeData(req.Data); err == nil {
			level = max(level, SecrecyLevel(str(data, "secrecy")))
		}
		s.auditLevel(ctx, "issue", draftID, level, "refused", "role "+actor.Role+" may not issue")
		return nil, fmt.Errorf("issue documents: %w", ErrForbidden)
	}
	// Validate everything before a number is taken.
	probe, _, err := s.build(ctx, req.Template, req.Data, false, 1)
	if err != nil {
		return nil, err
	}
	if err := s.checkReplaces(ctx, req.Replaces); err != nil {
		return nil, err
	}
	data, _ := decodeData(req.Data)
	manual := int(integer(data, "number"))
	if draftID != "" {
		manual = 0 // a draft's number field is only a suggestion
	}
	if manual > 0 && !actor.Can(RoleAdmin) {
		return nil, invalid("data.number", "numbers are taken from the register; only an administrator may set one by hand")
	}
	now := s.opts.Now().UTC()
	id := draftID
	rev := 1
	switch {
	case id == "" && fixedID(ctx) != "":
		// An idempotent retry of a create: the id of the first attempt,
		// past whatever that attempt left behind.
		id = fixedID(ctx)
		if rev, err = s.freeRevision(ctx, id); err != nil {
			return nil, err
		}
	case id == "":
		id = newID(now)
	default:
		if old, err := s.load(ctx, id); err == nil {
			rev = old.nextRevision()
		}
	}
	term := s.term(probe.Date)
	prefix := seriesPrefix(probe.Issuer, probe.Type, term)
	n, err := s.reserve(ctx, prefix, id, rev, probe.Date, manual)
	if err != nil {
		return nil, err
	}
	fail := func(err error) (*Record, error) {
		s.release(prefix, n)
		s.auditLevel(ctx, "issue", id, SecrecyLevel(probe.Secrecy), "failed", err.Error())
		return nil, err
	}
	rec, docx, err := s.build(ctx, req.Template, req.Data, false, n)
	if err != nil {
		return fail(err)
	}
	rec.ID, rec.Revision, rec.Term = id, rev, term
	rec.CreatedAt, rec.CreatedBy = now, actor.Name
	rec.IssuedAt, rec.IssuedBy = &now, actor.Name
	rec.Replaces, rec.Copies, rec.Notes = req.Replaces, req.Copies, req.Notes
	var p7s []byte
	if s.opts.Signer != nil {
		if p7s, err = s.opts.Signer.Sign(docx, now); err != nil {
			return fail(fmt.Errorf("sign %s: %w", id, err))
		}
	}
	ev := s.recEvent(ctx, "issue", rec, "ok", rec.Number)
	// PDF hook (documents/pdf.go): the signed PDF/A, archived beside the
	// DOCX under the same revision, so settle sees it like the other files.
	err = s.issuedPDF(ctx, rec, docx, draftID, now)
	if err == nil {
		err = s.store(ctx, rec, docx, p7s, ev)
	}
	if err != nil {
		done, serr := s.settle(ctx, rec, prefix, n, ev, err)
		if serr != nil {
			return nil, serr
		}
		rec = done
	}
	s.rows.put(entryKey(prefix, n), registerRow(rec))
	if rec.Replaces != "" {
		if _, err := s.createOnce(ctx, docPrefix(rec.Replaces)+"replaced-by/"+rec.ID, []byte(rec.ID), archive.CreateOptions{Protect: true}); err != nil {
			s.log.Error("could not record replacement", "old", rec.Replaces, "new", rec.ID, "err", err)
		}
		s.reindexOne(ctx, rec.Replaces)
	}
	return rec, nil
}

// ErrPending is returned when the archive did not confirm an issuing and
// reading back could not settle it: the number stays taken, and the
// issuing either turns out complete or its number is recorded as void
// ("số bỏ trống") by the reclaim pass; it is never given to another
// document. Retrying with the same Idempotency-Key returns the document
// once it is known to be issued.
var ErrPending = errors.New("documents: the issuing is not confirmed yet")

// settle decides what a failed store of an issuing left, by reading back
// rather than guessing: when the manifest is stored the issuing is
// complete (its answer was lost) and the stored record is returned; when
// no file of the revision exists the number is given back; otherwise (files
// without a manifest, or the archive still unreachable) the number stays
// taken and ErrPending is returned.
func (s *Service) settle(ctx context.Context, rec *Record, prefix string, n int, ev pendingEvent, cause error) (*Record, error) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
	defer cancel()
	level := SecrecyLevel(rec.Secrecy)
	stored, err := s.load(ctx, rec.ID)
	if err == nil && stored.Status == StatusIssued && stored.Revision == rec.Revision && stored.Ordinal == n {
		s.log.Warn("issuing completed although a write reported an error", "id", rec.ID, "number", rec.Number, "err", cause)
		s.finish(ctx, stored, pendingKey(rec.ID, rec.Revision), &ev)
		return stored, nil
	}
	if b, _, ferr := archive.ReadAll(ctx, s.archive, manifestKey(rec.ID, rec.Revision)); ferr == nil {
		var fence Record
		if json.Unmarshal(b, &fence) == nil && fence.Void != "" {
			// The reclaim pass settled this issuing's number meanwhile.
			s.auditLevel(ctx, "issue", rec.ID, level, "failed", "abandoned "+rec.Number+": "+cause.Error())
			return nil, fmt.Errorf("issue %s: the issuing took too long and was abandoned; nothing was issued: %w", rec.ID, archive.ErrUnavailable)
		}
	}
	certain := err == nil || errors.Is(err, ErrNotFound)
	if certain && !errors.Is(cause, ErrConflict) {
		var left []string
		lerr := s.archive.Keys(ctx, revPrefix(rec.ID, rec.Revision), func(k string) error {
			left = append(left, k)
			return nil
		})
		certain = lerr == nil && len(left) == 0
	}
	if certain {
		if !errors.Is(cause, ErrConflict) {
			s.dropMarker(pendingKey(rec.ID, rec.Revision))
		}
		s.release(prefix, n)
		s.auditLevel(ctx, "issue", rec.ID, level, "failed", cause.Error())
		return nil, cause
	}
	s.log.Error("issuing not confirmed by the archive; its number stays taken until the reclaim pass settles it",
		"id", rec.ID, "number", rec.Number, "err", cause)
	s.auditLevel(ctx, "issue", rec.ID, level, "failed", "pending "+rec.Number+": "+cause.Error())
	return nil, fmt.Errorf("issue %s as %s: %w: %w", rec.ID, rec.Number, ErrPending, cause)
}

func (s *Service) reindexOne(ctx context.Context, id string) {
	if rec, err := s.load(ctx, id); err == nil {
		s.indexRecord(ctx, rec, pendingKey(id, rec.Revision))
	}
}

// RegisterRow is one line of the outgoing register.
type RegisterRow struct {
	Number     string   `json:"number"` // "Số 167-TB/TU"
	Ordinal    int      `json:"ordinal"`
	Date       string   `json:"date"` // dd/mm/yyyy
	TypeTitle  string   `json:"type_and_summary"`
	Signer     string   `json:"signer"`
	Recipients []string `json:"recipients"`
	FileCopy   string   `json:"file_copy"` // đơn vị/người nhận bản lưu
	Copies     int      `json:"copies"`
	Notes      string   `json:"notes"`
	Term       string   `json:"term"`
	Issuer     string   `json:"issuer"`
	Type       string   `json:"type"`
	ID         string   `json:"id"`
	Secrecy    string   `json:"secrecy,omitempty"`
	// Void marks a number recorded as "số bỏ trống": no document holds it;
	// TypeTitle gives the reason.
	Void bool `json:"void,omitempty"`
}

// RegisterParams filter the register.
type RegisterParams struct{ Issuer, Type, Term, Year string }

// Register lists the register rows the actor may see.
func (s *Service) Register(ctx context.Context, p RegisterParams) ([]RegisterRow, error) {
	actor := ActorFrom(ctx)
	if !actor.Can(RoleClerk) {
		return nil, fmt.Errorf("read the register: %w", ErrForbidden)
	}
	year := 0
	if p.Year != "" {
		y, err := strconv.Atoi(p.Year)
		if err != nil || y < 1930 || y > 9999 {
			return nil, invalid("year", "must be a year such as 2025, got %q", p.Year)
		}
		year = y
	}
	if p.Term != "" {
		if _, err := time.Parse(time.DateOnly, p.Term); err != nil {
			return nil, invalid("term", "must be the start date of a term (YYYY-MM-DD), got %q", p.Term)
		}
	}
	prefix := registerPrefix
	if p.Issuer != "" {
		prefix += keyPart(p.Issuer) + "/"
		if p.Type != "" {
			prefix += keyPart(p.Type) + "/"
			if p.Term != "" {
				prefix += p.Term + "/"
			}
		}
	}
	var entries []string
	if err := s.archive.Keys(ctx, prefix, func(key string) error {
		parts := strings.Split(strings.TrimPrefix(key, registerPrefix), "/")
		if len(parts) == 4 && (p.Type == "" || parts[1] == keyPart(p.Type)) && (p.Term == "" || parts[2] == p.Term) {
			if strings.HasSuffix(key, voidSuffix) && len(entries) > 0 && entries[len(entries)-1] == strings.TrimSuffix(key, voidSuffix) {
				entries = entries[:len(entries)-1] // the void record stands for the entry
			}
			entries = append(entries, key)
		}
		return nil
	}); err != nil {
		return nil, fmt.Errorf("read register: %w", err)
	}
	// Each row costs a few archive reads; on S3 they are network round
	// trips, so rows are read concurrently.
	found := make([]*RegisterRow, len(entries))
	errs := make([]error, len(entries))
	forEach(len(entries), registerReaders, func(i int) {
		found[i], errs[i] = s.registerEntry(ctx, entries[i], year)
	})
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	rows := []RegisterRow{}
	for _, r := range found {
		if r != nil {
			rows = append(rows, *r)
		}
	}
	sort.SliceStable(rows, func(i, j int) bool {
		a, b := rows[i], rows[j]
		if a.Issuer+a.Type+a.Term != b.Issuer+b.Type+b.Term {
			return a.Issuer+a.Type+a.Term < b.Issuer+b.Type+b.Term
		}
		return a.Ordinal < b.Ordinal
	})
	return rows, nil
}

// registerReaders bounds the register entries read at once.
const registerReaders = 16

// registerEntry reads the register entry at key and returns its row, or nil
// when the entry is not a row this actor may see in the year asked for (0:
// any year).
func (s *Service) registerEntry(ctx context.Context, key string, year int) (*RegisterRow, error) {
	row, ok := s.rows.get(key)
	if !ok {
		r, err := s.readRegisterEntry(ctx, key)
		if r == nil || err != nil {
			return nil, err
		}
		row = *r
		s.rows.put(key, row)
	}
	if !ActorFrom(ctx).Sees(row.Secrecy) {
		return nil, nil // hidden from this actor
	}
	if year != 0 && !strings.HasSuffix(row.Date, "/"+strconv.Itoa(year)) {
		return nil, nil
	}
	return &row, nil
}

// readRegisterEntry reads the register entry at key from the archive and
// returns the row of its issued document, or nil when the entry is not (yet,
// or any more) the number of an issued document.
func (s *Service) readRegisterEntry(ctx context.Context, key string) (*RegisterRow, error) {
	b, _, err := archive.ReadAll(ctx, s.archive, key)
	if errors.Is(err, archive.ErrNotFound) {
		return nil, nil // a reservation given back meanwhile
	}
	if errors.Is(err, archive.ErrCorrupt) {
		s.log.Error("register entry was altered; its row is left out", "entry", key, "err", err)
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read register entry %s: %w", key, err)
	}
	var res reservation
	if json.Unmarshal(b, &res) != nil {
		return nil, nil
	}
	if res.Void != "" {
		return voidRow(strings.TrimSuffix(key, voidSuffix), res), nil
	}
	rec, err := s.load(ctx, res.ID)
	if errors.Is(err, ErrNotFound) {
		return nil, nil // taken by an issuing still under way
	}
	if errors.Is(err, archive.ErrCorrupt) {
		// Its secrecy cannot be known, so the row is not shown; the rest
		// of the register is, and the operator is told.
		s.log.Error("archived document was altered; its register row is left out", "entry", key, "id", res.ID, "err", err)
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read register entry %s: %w", key, err)
	}
	if rec.Status != StatusIssued {
		return nil, nil // still a draft: the issuing is under way
	}
	if n, err := strconv.Atoi(key[strings.LastIndexByte(key, '/')+1:]); err != nil || n != rec.Ordinal {
		return nil, nil // a reservation left by an issuing that did not complete
	}
	row := registerRow(rec)
	return &row, nil
}

// maxCachedRows bounds the register rows kept in memory (about 1 KB each).
const maxCachedRows = 100_000

// rowCache keeps the register rows of issued documents by register entry
// key. Both the entry and the document are immutable once issued, so a row
// never goes stale; only the reader's clearance and filters are applied on
// every read.
type rowCache struct {
	mu   sync.RWMutex
	rows map[string]RegisterRow
}

func (c *rowCache) get(key string) (RegisterRow, bool) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	r, ok := c.rows[key]
	return r, ok
}

func (c *rowCache) put(key string, r RegisterRow) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.rows == nil {
		c.rows = map[string]RegisterRow{}
	}
	if len(c.rows) < maxCachedRows {
		c.rows[key] = r
	}
}

// voidRow is the register row of a number recorded as void.
func voidRow(key string, res reservation) *RegisterRow {
	parts := strings.Split(strings.TrimPrefix(key, registerPrefix), "/")
	n, _ := strconv.Atoi(parts[len(parts)-1])
	row := &RegisterRow{Ordinal: n, Void: true, TypeTitle: capitalize(res.Void), Recipients: []string{}}
	if len(parts) == 4 {
		row.Issuer, row.Type, row.Term = strings.ToUpper(parts[0]), strings.ToUpper(parts[1]), parts[2]
		row.Number = "Số " + citation.FormatParty(n, row.Type, row.Issuer)
	}
	row.Date = res.ReservedAt.Format("02/01/2006")
	return row
}

func registerRow(rec *Record) RegisterRow {
	date := rec.Date
	if t, err := time.Parse(time.DateOnly, rec.Date); err == nil {
		date = t.Format("02/01/2006")
	}
	fileCopy := ""
	for _, r := range rec.Recipients {
		if strings.HasPrefix(strings.TrimSpace(r), "Lưu") {
			fileCopy = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(r), "Lưu"))
		}
	}
	typeName := capitalize(strings.ToLower(rec.TypeName))
	return RegisterRow{
		Number: "Số " + rec.Number, Ordinal: rec.Ordinal, Date: date,
		TypeTitle: strings.TrimSpace(typeName + " " + rec.Title),
		Signer:    rec.Signer, Recipients: rec.Recipients, FileCopy: fileCopy,
		Copies: rec.Copies, Notes: rec.Notes, Term: rec.Term, Issuer: rec.Issuer, Type: rec.Type, ID: rec.ID,
		Secrecy: rec.Secrecy,
	}
}

// staleReservation is how old a reservation without its issued document
// must be before the reclaim pass settles it: far longer than an issuing
// with all its retries takes.
const staleReservation = 2 * time.Minute

// staleLegacy is the same for reservations written before reservations
// named their revision: without a fence, only a long wait makes sure the
// issuing is over.
const staleLegacy = 10 * time.Minute

// ReclaimReservations settles the numbers whose issuing never completed
// (the process stopped, or the archive never confirmed it), with the same
// rule as the issuing itself: a number is given back only when no file of
// its document exists and nothing was numbered after it, so that the next
// issuing takes it in date order; otherwise it is recorded as void
// ("số bỏ trống", with the reason) and never given to another document.
// The service runs it at start and then periodically. It returns how many
// numbers it settled.
func (s *Service) ReclaimReservations(ctx context.Context) (int, error) {
	type entry struct {
		key, series string
		num         int
	}
	var candidates []entry
	last := map[string]int{} // highest number taken, by series
	voided := map[string]bool{}
	err := s.archive.Keys(ctx, registerPrefix, func(key string) error {
		parts := strings.Split(strings.TrimPrefix(key, registerPrefix), "/")
		if len(parts) != 4 {
			return nil
		}
		if base, ok := strings.CutSuffix(key, voidSuffix); ok {
			voided[base] = true
			return nil
		}
		num, err := strconv.Atoi(parts[3])
		if err != nil {
			return nil
		}
		series := strings.TrimSuffix(key, parts[3])
		last[series] = max(last[series], num)
		if _, known := s.rows.get(key); !known {
			candidates = append(candidates, entry{key, series, num})
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("read register: %w", err)
	}
	settled := 0
	var firstErr error
	for _, c := range candidates {
		if voided[c.key] {
			continue
		}
		ok, err := s.reclaimOne(ctx, c.key, c.series, c.num, c.num < last[c.series])
		if err != nil && firstErr == nil {
			firstErr = err
		}
		if ok {
			settled++
		}
	}
	return settled, firstErr
}

// reclaimOne settles one register entry; later tells whether numbers after
// it are taken.
func (s *Service) reclaimOne(ctx context.Context, key, series string, num int, later bool) (bool, error) {
	info, err := s.archive.Stat(ctx, key)
	if errors.Is(err, archive.ErrNotFound) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("reclaim %s: %w", key, err)
	}
	if info.Created.IsZero() || s.opts.Now().Sub(info.Created) <= s.reclaimAfter() {
		return false, nil // an issuing may still be under way
	}
	row, err := s.readRegisterEntry(ctx, key)
	if err != nil {
		return false, fmt.Errorf("reclaim %s: %w", key, err)
	}
	if row != nil {
		s.rows.put(key, *row) // issued, or already void: settled for good
		return false, nil
	}
	b, _, err := archive.ReadAll(ctx, s.archive, key)
	if err != nil {
		return false, fmt.Errorf("reclaim %s: %w", key, err)
	}
	var res reservation
	if json.Unmarshal(b, &res) != nil || !ValidID(res.ID) {
		return false, nil // not a reservation vanthu wrote; the check reports it
	}
	if res.Revision > 0 {
		// A fence under the manifest key of the issuing: from now on it
		// cannot complete, wherever it may still be running. Finding a
		// manifest there instead means it just did.
		fence, _ := json.Marshal(Record{SchemaVersion: SchemaVersion, ID: res.ID, Revision: res.Revision,
			Void: "the issuing did not complete in time; its register number was settled", CreatedAt: s.opts.Now().UTC()})
		if _, err := s.createOnce(ctx, manifestKey(res.ID, res.Revision), fence, archive.CreateOptions{ContentType: "application/json", Protect: true}); err != nil {
			if errors.Is(err, archive.ErrExists) {
				return false, nil // completed meanwhile: the next pass sees it issued
			}
			return false, fmt.Errorf("reclaim %s: %w", key, err)
		}
	} else if s.opts.Now().Sub(info.Created) <= staleLegacy {
		return false, nil // written by an older version, without a revision to fence
	}
	rec, err := s.load(ctx, res.ID)
	if err != nil && !errors.Is(err, ErrNotFound) {
		return false, fmt.Errorf("reclaim %s: %w", key, err)
	}
	if err == nil && rec.Status == StatusIssued && rec.Ordinal == num {
		return false, nil // in use; readRegisterEntry would have said so
	}
	// Files of the issuing that never got their manifest: the number is
	// printed in a stored (locked) DOCX, so it is never given again.
	leftovers := 0
	from := 0
	if err == nil {
		from = rec.Revision
	}
	if err := s.archive.Keys(ctx, docPrefix(res.ID), func(k string) error {
		var rev int
		if _, e := fmt.Sscanf(strings.TrimPrefix(k, docPrefix(res.ID)), "r%04d/", &rev); e == nil &&
			(rev == res.Revision || (res.Revision == 0 && rev > from)) && !strings.HasSuffix(k, "/manifest.json") {
			leftovers++
		}
		return nil
	}); err != nil {
		return false, fmt.Errorf("reclaim %s: %w", key, err)
	}
	reason := ""
	switch {
	case leftovers > 0:
		reason = "số bỏ trống: lần ban hành bị gián đoạn sau khi đã lưu tệp văn bản mang số này"
	case later:
		reason = "số bỏ trống: lần ban hành không hoàn tất và đã có số sau được cấp, dùng lại số này sẽ làm sai thứ tự ngày của sổ"
	}
	if reason == "" {
		s.release(series, num)
		s.log.Warn("gave back a register number whose issuing never completed", "key", key, "document", res.ID)
		return true, nil
	}
	vb, _ := json.Marshal(reservation{ID: res.ID, ReservedAt: res.ReservedAt, By: "system", Void: reason})
	if _, err := s.createOnce(ctx, key+voidSuffix, vb, archive.CreateOptions{ContentType: "application/json", Protect: true}); err != nil && !errors.Is(err, archive.ErrExists) {
		return false, fmt.Errorf("reclaim %s: %w", key, err)
	}
	s.log.Warn("register number recorded as void", "key", key, "document", res.ID, "reason", reason)
	return true, nil
}

func (s *Service) reclaimAfter() time.Duration {
	if s.opts.ReclaimAfter > 0 {
		return s.opts.ReclaimAfter
	}
	return staleReservation
}
