package documents

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"vanthu/documents/archive"
	"vanthu/search/fold"
)

// The outgoing register (sổ đăng ký văn bản đi): numbers run from 01 per
// issuer code, type code and committee term. A number is taken by creating
// register/<issuer>/<type>/<term>/<number> in the archive, a conditional
// create that exactly one writer wins, also across instances sharing one
// archive. A number whose issuing fails is released again, and the next
// issuing takes the lowest free number, so the series has no gaps.
const registerPrefix = "register/"

// reservation is the content of a register object.
type reservation struct {
	ID         string    `json:"id"`
	ReservedAt time.Time `json:"reserved_at"`
	By         string    `json:"by"`
	Manual     bool      `json:"manual,omitempty"`
}

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

// reserve takes a number in the series: want > 0 asks for that number
// (manual numbering), otherwise the lowest free one.
func (s *Service) reserve(ctx context.Context, prefix, id string, want int) (int, error) {
	res, _ := json.Marshal(reservation{ID: id, ReservedAt: s.opts.Now().UTC(), By: ActorFrom(ctx).Name, Manual: want > 0})
	if want > 0 {
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
		ok, err := s.take(ctx, prefix, n, res)
		if err != nil {
			return 0, err
		}
		if ok {
			s.noteNumber(prefix, n)
			return n, nil
		}
	}
	return 0, fmt.Errorf("reserve number: too much contention on %s", prefix)
}

// take creates the register entry of number n: ok is false when the number
// is already taken. Manual numbers are not remembered as the last one, so
// automatic numbering keeps filling from the lowest free number.
func (s *Service) take(ctx context.Context, prefix string, n int, res []byte) (ok bool, err error) {
	_, err = s.archive.Create(ctx, entryKey(prefix, n), res, archive.CreateOptions{ContentType: "application/json"})
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
		s.audit(ctx, "issue", draftID, "refused", "role "+actor.Role+" may not issue")
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
	if id == "" {
		id = newID(now)
	} else if old, err := s.load(ctx, id); err == nil {
		rev = old.nextRevision()
	}
	term := s.term(probe.Date)
	prefix := seriesPrefix(probe.Issuer, probe.Type, term)
	n, err := s.reserve(ctx, prefix, id, manual)
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
	// PDF hook (documents/pdf.go): the signed PDF/A, archived beside the DOCX.
	if err := s.issuedPDF(ctx, rec, docx, draftID, now); err != nil {
		return fail(err)
	}
	if err := s.store(ctx, rec, docx, p7s); err != nil {
		return fail(err)
	}
	s.rows.put(entryKey(prefix, n), registerRow(rec))
	if rec.Replaces != "" {
		if _, err := s.archive.Create(ctx, docPrefix(rec.Replaces)+"replaced-by/"+rec.ID, []byte(rec.ID), archive.CreateOptions{Protect: true}); err != nil {
			s.log.Error("could not record replacement", "old", rec.Replaces, "new", rec.ID, "err", err)
		}
		s.reindexOne(ctx, rec.Replaces)
	}
	s.auditRec(ctx, "issue", rec, "ok", rec.Number)
	return rec, nil
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
// must be before it is taken for the leftover of a crash.
const staleReservation = 10 * time.Minute

// ReclaimReservations gives back numbers whose issuing never completed (the
// process stopped between taking the number and archiving the document), so
// that the next issuing fills the gap. It runs when the service starts and
// returns how many numbers it gave back.
func (s *Service) ReclaimReservations(ctx context.Context) (int, error) {
	var stale []archive.ObjectInfo
	err := s.archive.Walk(ctx, registerPrefix, func(o archive.ObjectInfo) error {
		if !o.Created.IsZero() && s.opts.Now().Sub(o.Created) > staleReservation {
			stale = append(stale, o)
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("read register: %w", err)
	}
	n := 0
	for _, o := range stale {
		parts := strings.Split(strings.TrimPrefix(o.Key, registerPrefix), "/")
		if len(parts) != 4 {
			continue
		}
		num, err := strconv.Atoi(parts[3])
		if err != nil {
			continue
		}
		b, _, err := archive.ReadAll(ctx, s.archive, o.Key)
		if err != nil {
			return n, fmt.Errorf("read %s: %w", o.Key, err)
		}
		var res reservation
		if json.Unmarshal(b, &res) != nil {
			continue
		}
		rec, err := s.load(ctx, res.ID)
		if err == nil && rec.Status == StatusIssued && rec.Ordinal == num {
			continue // the number is in use
		}
		if err != nil && !errors.Is(err, ErrNotFound) {
			return n, err
		}
		s.release(strings.TrimSuffix(o.Key, parts[3]), num)
		s.log.Warn("gave back a register number whose issuing never completed", "key", o.Key, "document", res.ID)
		n++
	}
	return n, nil
}
