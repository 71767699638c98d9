// Package register is the outgoing register (sổ đăng ký văn bản đi) kept
// in the archive: reserving, taking, releasing and voiding numbers, the rows
// of issued documents, and the reclaim pass that settles numbers whose
// issuing never completed.
package register

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"vanthu/documents/archive"
	"vanthu/documents/archivekey"
	"vanthu/documents/citation"
	"vanthu/documents/internal/parallel"
	"vanthu/documents/kind"
	"vanthu/documents/record"
	"vanthu/documents/secrecy"
)

// Book is the register of one archive. Its methods are safe for
// concurrent use; instances sharing one archive share the register.
type Book struct {
	archive      archive.Archive
	now          func() time.Time
	log          *slog.Logger
	terms        []string // sorted start dates of the committee terms
	reclaimAfter time.Duration

	// RetryWait is the first wait before a write is retried (0: 100 ms).
	RetryWait time.Duration

	mu   sync.Mutex
	last map[string]int // hint per series; the archive decides

	rows rowCache // rows of issued documents, which never change
}

// Options configure a Book.
type Options struct {
	Now   func() time.Time // default time.Now
	Log   *slog.Logger     // default slog.Default()
	Terms []string         // start dates (YYYY-MM-DD) of the committee terms
	// ReclaimAfter is how old a reservation without its issued document
	// must be before the reclaim pass settles it (0: 2 minutes).
	ReclaimAfter time.Duration
}

// New returns the register kept in a.
func New(a archive.Archive, o Options) *Book {
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Log == nil {
		o.Log = slog.Default()
	}
	terms := slices.Clone(o.Terms)
	slices.Sort(terms)
	return &Book{archive: a, now: o.Now, log: o.Log, terms: terms, reclaimAfter: o.ReclaimAfter, last: map[string]int{}}
}

// TakenError is returned by [Book.Reserve] for a number asked for by hand
// that is already used.
type TakenError struct{ Number int }

func (e *TakenError) Error() string {
	return fmt.Sprintf("number %02d is already used in this register", e.Number)
}

func (b *Book) createOnce(ctx context.Context, key string, data []byte, opts archive.CreateOptions) (archive.ObjectInfo, error) {
	return archive.CreateOnce(ctx, b.archive, key, data, opts, b.RetryWait)
}

// Remember keeps the row of an issued document's entry.
func (b *Book) Remember(key string, row Row) { b.rows.put(key, row) }

// Cached returns the row kept for an entry, if any.
func (b *Book) Cached(key string) (Row, bool) { return b.rows.get(key) }

// The outgoing register (sổ đăng ký văn bản đi): numbers run from 01 per
// issuer code, type code and committee term. A number is taken by creating
// its entry (archivekey.Entry) in the archive, a conditional
// create that exactly one writer wins, also across instances sharing one
// archive. A number whose issuing fails is given back only when nothing of
// its document exists, and the next issuing takes the lowest free number
// that keeps the dates in order; a number that cannot be given back that
// way is recorded as void ("số bỏ trống", with its reason). So no number is
// ever given to two documents, and every gap says why.
// reservation is the content of a register object.
type Reservation struct {
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

// term returns the start date of the term that date falls in.
func (b *Book) Term(date string) string {
	t := "0001-01-01"
	for _, start := range b.terms {
		if start <= date {
			t = start
		}
	}
	return t
}

// Request asks the register for a number for one document revision.
type Request struct {
	Issuer, Type string    // issuer and type codes of the document
	Date         time.Time // its date: the term it falls in picks the series
	ID           string
	Revision     int
	Want         int    // > 0: that number (manual numbering)
	By           string // who asks
}

// Slot is a number reserved in a series.
type Slot struct {
	Series  string // key prefix of the series (archivekey.Series)
	Term    string // start date of the term of the series
	Ordinal int
}

// Key is the register entry of the slot.
func (s Slot) Key() string { return archivekey.Entry(s.Series, s.Ordinal) }

// ReserveFor reserves a number for r in the series of its issuer, type
// and term (see [Book.Reserve]).
func (b *Book) ReserveFor(ctx context.Context, r Request) (Slot, error) {
	date := r.Date.Format(time.DateOnly)
	slot := Slot{Term: b.Term(date)}
	slot.Series = archivekey.Series(r.Issuer, r.Type, slot.Term)
	n, err := b.Reserve(ctx, slot.Series, r.ID, r.Revision, date, r.Want, r.By)
	slot.Ordinal = n
	return slot, err
}

// Next forecasts the number an issuing would take now for a document of
// issuer and type dated date (YYYY-MM-DD): the lowest free number of its
// series. Nothing is reserved.
func (b *Book) Next(ctx context.Context, issuer, typ, date string) (int, error) {
	taken, err := b.Taken(ctx, archivekey.Series(issuer, typ, b.Term(date)))
	if err != nil {
		return 0, fmt.Errorf("read register: %w", err)
	}
	n := 1
	for taken[n] {
		n++
	}
	return n, nil
}

// takenNumbers lists the numbers already used in a series.
func (b *Book) Taken(ctx context.Context, prefix string) (map[int]bool, error) {
	taken := map[int]bool{}
	err := b.archive.Keys(ctx, prefix, func(key string) error {
		if e, ok := archivekey.ParseEntry(key); ok && !e.Void && e.Series() == prefix {
			taken[e.Number] = true
		}
		return nil
	})
	return taken, err
}

// reserve takes a number in the series for a document dated date (YYYY-MM-DD)
// and written as revision rev: want > 0 asks for that number (manual
// numbering), otherwise the lowest free one that keeps the register in date
// order (see fitsDateOrder).
func (b *Book) Reserve(ctx context.Context, prefix, id string, rev int, date string, want int, by string) (int, error) {
	res, err := json.Marshal(Reservation{ID: id, ReservedAt: b.now().UTC(), By: by, Manual: want > 0, Revision: rev})
	if err != nil {
		return 0, fmt.Errorf("reserve number: %w", err)
	}
	if want > 0 {
		// A number given by hand may open gaps below it, which only the
		// slow path fills (in date order): forget the hint.
		b.mu.Lock()
		delete(b.last, prefix)
		b.mu.Unlock()
		ok, err := b.take(ctx, prefix, want, res)
		if err != nil {
			return 0, err
		}
		if !ok {
			return 0, &TakenError{Number: want}
		}
		return want, nil
	}
	// Fast path: the number after the last one this instance took or saw.
	b.mu.Lock()
	hint, known := b.last[prefix]
	b.mu.Unlock()
	if known {
		ok, err := b.take(ctx, prefix, hint+1, res)
		if err != nil {
			return 0, err
		}
		if ok {
			b.noteNumber(prefix, hint+1)
			return hint + 1, nil
		}
	}
	// Slow path: read the register and take the lowest free number; when
	// someone else takes it first, read the register again.
	for attempt := 0; attempt < 100; attempt++ {
		taken, err := b.Taken(ctx, prefix)
		if err != nil {
			return 0, fmt.Errorf("read register: %w", err)
		}
		n := 1
		for taken[n] {
			n++
		}
		if fits, err := b.fitsDateOrder(ctx, prefix, taken, n, date); err != nil {
			return 0, err
		} else if !fits {
			// A gap below numbers already given that this date cannot
			// fill in order: recorded as void, never reused out of order.
			b.voidGap(ctx, prefix, n, fmt.Sprintf("số bỏ trống: dùng lại số này cho văn bản ngày %s sẽ làm sai thứ tự ngày của sổ", displayDate(date)), by)
			continue
		}
		ok, err := b.take(ctx, prefix, n, res)
		if err != nil {
			return 0, err
		}
		if ok {
			// The fast path only ever extends the series: a gap filled
			// here leaves no hint, so the next gap is checked too.
			if !slices.ContainsFunc(slices.Collect(maps.Keys(taken)), func(m int) bool { return m > n }) {
				b.noteNumber(prefix, n)
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
func (b *Book) fitsDateOrder(ctx context.Context, prefix string, taken map[int]bool, n int, date string) (bool, error) {
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
		if d, ok, err := b.entryDate(ctx, prefix, m); err != nil {
			return false, err
		} else if ok {
			if date < d {
				return false, nil
			}
			break
		}
	}
	for m := above; taken[m] || m == above; m++ {
		if d, ok, err := b.entryDate(ctx, prefix, m); err != nil {
			return false, err
		} else if ok {
			return date <= d, nil
		}
	}
	return true, nil
}

// entryDate is the date (YYYY-MM-DD) of the issued document holding number
// n of a series; ok is false when n is not (yet) an issued document's.
func (b *Book) entryDate(ctx context.Context, prefix string, n int) (string, bool, error) {
	key := archivekey.Entry(prefix, n)
	if row, ok := b.rows.get(key); ok && !row.Void {
		t, err := time.Parse("02/01/2006", row.Date)
		return t.Format(time.DateOnly), err == nil, nil
	}
	row, ok, err := b.ReadEntry(ctx, key)
	if err != nil || !ok || row.Void {
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
func (b *Book) voidGap(ctx context.Context, prefix string, n int, reason, by string) {
	res, err := json.Marshal(Reservation{ReservedAt: b.now().UTC(), By: by, Void: reason})
	if err != nil {
		b.log.Error("could not encode a void register number", "err", err)
		return
	}
	if _, err := b.createOnce(ctx, archivekey.Entry(prefix, n), res, archive.CreateOptions{ContentType: "application/json", Protect: true}); err != nil && !errors.Is(err, archive.ErrExists) {
		b.log.Warn("could not record a void register number", "key", archivekey.Entry(prefix, n), "err", err)
		return
	}
	b.log.Warn("register number recorded as void", "key", archivekey.Entry(prefix, n), "reason", reason)
}

// take creates the register entry of number n: ok is false when the number
// is already taken. Manual numbers are not remembered as the last one, so
// automatic numbering keeps filling from the lowest free number.
func (b *Book) take(ctx context.Context, prefix string, n int, res []byte) (ok bool, err error) {
	// createOnce settles a write whose answer was lost by reading back:
	// the entry holding exactly res is this reservation.
	_, err = b.createOnce(ctx, archivekey.Entry(prefix, n), res, archive.CreateOptions{ContentType: "application/json"})
	switch {
	case errors.Is(err, archive.ErrExists):
		return false, nil
	case err != nil:
		return false, fmt.Errorf("reserve number %d: %w", n, err)
	}
	return true, nil
}

// noteNumber remembers the highest number taken in a series.
func (b *Book) noteNumber(prefix string, n int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if n > b.last[prefix] {
		b.last[prefix] = n
	}
}

// release gives a number back; the next issuing in the series reads the
// register again and takes the lowest free number, so no gap remains.
func (b *Book) Release(prefix string, n int) {
	b.mu.Lock()
	delete(b.last, prefix)
	b.mu.Unlock()
	key := archivekey.Entry(prefix, n)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := b.archive.Delete(ctx, key); err != nil && !errors.Is(err, archive.ErrNotFound) {
		b.log.Error("could not release register number", "key", key, "err", err)
	}
}

// Row is one line of the outgoing register.
type Row struct {
	Number     string       `json:"number"` // "Số 167-TB/TU"
	Ordinal    int          `json:"ordinal"`
	Date       string       `json:"date"` // dd/mm/yyyy
	TypeTitle  string       `json:"type_and_summary"`
	Signer     string       `json:"signer"`
	Recipients []string     `json:"recipients"`
	FileCopy   string       `json:"file_copy"` // đơn vị/người nhận bản lưu
	Copies     int          `json:"copies"`
	Notes      string       `json:"notes"`
	Term       string       `json:"term"`
	Issuer     string       `json:"issuer"`
	Type       string       `json:"type"`
	ID         string       `json:"id"`
	Secrecy    secrecy.Mark `json:"secrecy,omitempty"`
	// Void marks a number recorded as "số bỏ trống": no document holds it;
	// TypeTitle gives the reason.
	Void bool `json:"void,omitempty"`
}

// ReadEntry reads the register entry at key from the archive and returns
// the row of its issued document or of its void number; ok is false when
// the entry is not (yet, or any more) the number of an issued document, or
// cannot be shown (altered, or its document altered: the operator is told
// in the log, and vanthu check reports it).
func (b *Book) ReadEntry(ctx context.Context, key string) (row Row, ok bool, err error) {
	data, _, err := archive.ReadAll(ctx, b.archive, key)
	switch {
	case errors.Is(err, archive.ErrNotFound):
		return Row{}, false, nil // a reservation given back meanwhile
	case errors.Is(err, archive.ErrCorrupt):
		b.log.Error("register entry was altered; its row is left out", "entry", key, "err", err)
		return Row{}, false, nil
	case err != nil:
		return Row{}, false, fmt.Errorf("read register entry %s: %w", key, err)
	}
	var res Reservation
	if err := json.Unmarshal(data, &res); err != nil {
		return Row{}, false, nil // not written by vanthu; the check reports it
	}
	if res.Void != "" {
		return VoidRow(key, res), true, nil
	}
	rec, err := record.Load(ctx, b.archive, res.ID)
	switch {
	case errors.Is(err, record.ErrNotFound):
		return Row{}, false, nil // taken by an issuing still under way
	case errors.Is(err, archive.ErrCorrupt):
		// Its secrecy cannot be known, so the row is not shown; the rest
		// of the register is, and the operator is told.
		b.log.Error("archived document was altered; its register row is left out", "entry", key, "id", res.ID, "err", err)
		return Row{}, false, nil
	case err != nil:
		return Row{}, false, fmt.Errorf("read register entry %s: %w", key, err)
	}
	if rec.Status != record.StatusIssued {
		return Row{}, false, nil // still a draft: the issuing is under way
	}
	if e, ok := archivekey.ParseEntry(key); !ok || e.Number != rec.Ordinal {
		return Row{}, false, nil // a reservation left by an issuing that did not complete
	}
	return RowOf(rec), true, nil
}

// maxCachedRows bounds the register rows kept in memory (about 1 KB each).
const maxCachedRows = 100_000

// rowCache keeps the register rows of issued documents by register entry
// key. Both the entry and the document are immutable once issued, so a row
// never goes stale; only the reader's clearance and filters are applied on
// every read.
type rowCache struct {
	mu   sync.RWMutex
	rows map[string]Row
}

func (c *rowCache) get(key string) (Row, bool) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	r, ok := c.rows[key]
	return r, ok
}

func (c *rowCache) put(key string, r Row) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.rows == nil {
		c.rows = map[string]Row{}
	}
	if len(c.rows) < maxCachedRows {
		c.rows[key] = r
	}
}

// VoidRow is the register row of a number recorded as void.
func VoidRow(key string, res Reservation) Row {
	row := Row{Void: true, TypeTitle: kind.Capitalize(res.Void), Recipients: []string{}}
	if e, ok := archivekey.ParseEntry(key); ok {
		row.Ordinal = e.Number
		row.Issuer, row.Type, row.Term = strings.ToUpper(e.Issuer), strings.ToUpper(e.Type), e.Term
		row.Number = "Số " + citation.FormatParty(e.Number, row.Type, row.Issuer)
	}
	row.Date = res.ReservedAt.Format("02/01/2006")
	return row
}

// RowOf is the register row of an issued document.
func RowOf(rec *record.Record) Row {
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
	typeName := kind.Capitalize(strings.ToLower(rec.TypeName))
	return Row{
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
func (b *Book) Reclaim(ctx context.Context) (int, error) {
	type entry struct {
		key, series string
		num         int
	}
	var candidates []entry
	last := map[string]int{} // highest number taken, by series
	voided := map[string]bool{}
	err := b.archive.Keys(ctx, archivekey.Register, func(key string) error {
		e, ok := archivekey.ParseEntry(key)
		if !ok {
			return nil
		}
		if e.Void {
			voided[e.Entry] = true
			return nil
		}
		series := e.Series()
		last[series] = max(last[series], e.Number)
		if _, known := b.rows.get(key); !known {
			candidates = append(candidates, entry{key, series, e.Number})
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
		ok, err := b.reclaimOne(ctx, c.key, c.series, c.num, c.num < last[c.series])
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
func (b *Book) reclaimOne(ctx context.Context, key, series string, num int, later bool) (bool, error) {
	info, err := b.archive.Stat(ctx, key)
	if errors.Is(err, archive.ErrNotFound) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("reclaim %s: %w", key, err)
	}
	if info.Created.IsZero() || b.now().Sub(info.Created) <= b.ReclaimAfter() {
		return false, nil // an issuing may still be under way
	}
	row, ok, err := b.ReadEntry(ctx, key)
	if err != nil {
		return false, fmt.Errorf("reclaim %s: %w", key, err)
	}
	if ok {
		b.rows.put(key, row) // issued, or already void: settled for good
		return false, nil
	}
	data, _, err := archive.ReadAll(ctx, b.archive, key)
	if err != nil {
		return false, fmt.Errorf("reclaim %s: %w", key, err)
	}
	var res Reservation
	if json.Unmarshal(data, &res) != nil || !record.ValidID(res.ID) {
		return false, nil // not a reservation vanthu wrote; the check reports it
	}
	if res.Revision > 0 {
		// A fence under the manifest key of the issuing: from now on it
		// cannot complete, wherever it may still be running. Finding a
		// manifest there instead means it just did.
		fence, err := json.Marshal(record.Record{SchemaVersion: record.SchemaVersion, ID: res.ID, Revision: res.Revision,
			Void: "the issuing did not complete in time; its register number was settled", CreatedAt: b.now().UTC()})
		if err != nil {
			return false, fmt.Errorf("reclaim %s: %w", key, err)
		}
		if _, err := b.createOnce(ctx, archivekey.Manifest(res.ID, res.Revision), fence, archive.CreateOptions{ContentType: "application/json", Protect: true}); err != nil {
			if errors.Is(err, archive.ErrExists) {
				return false, nil // completed meanwhile: the next pass sees it issued
			}
			return false, fmt.Errorf("reclaim %s: %w", key, err)
		}
	} else if b.now().Sub(info.Created) <= staleLegacy {
		return false, nil // written by an older version, without a revision to fence
	}
	rec, err := record.Load(ctx, b.archive, res.ID)
	if err != nil && !errors.Is(err, record.ErrNotFound) {
		return false, fmt.Errorf("reclaim %s: %w", key, err)
	}
	if err == nil && rec.Status == record.StatusIssued && rec.Ordinal == num {
		return false, nil // in use; readRegisterEntry would have said so
	}
	// Files of the issuing that never got their manifest: the number is
	// printed in a stored (locked) DOCX, so it is never given again.
	leftovers := 0
	from := 0
	if err == nil {
		from = rec.Revision
	}
	if err := b.archive.Keys(ctx, archivekey.Doc(res.ID), func(k string) error {
		if dk, ok := archivekey.ParseDoc(k); ok && dk.Rev > 0 &&
			(dk.Rev == res.Revision || (res.Revision == 0 && dk.Rev > from)) && !dk.IsManifest() {
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
		b.Release(series, num)
		b.log.Warn("gave back a register number whose issuing never completed", "key", key, "document", res.ID)
		return true, nil
	}
	vb, err := json.Marshal(Reservation{ID: res.ID, ReservedAt: res.ReservedAt, By: "system", Void: reason})
	if err != nil {
		return false, fmt.Errorf("reclaim %s: %w", key, err)
	}
	if _, err := b.createOnce(ctx, archivekey.Void(key), vb, archive.CreateOptions{ContentType: "application/json", Protect: true}); err != nil && !errors.Is(err, archive.ErrExists) {
		return false, fmt.Errorf("reclaim %s: %w", key, err)
	}
	b.log.Warn("register number recorded as void", "key", key, "document", res.ID, "reason", reason)
	return true, nil
}

func (b *Book) ReclaimAfter() time.Duration {
	if b.reclaimAfter > 0 {
		return b.reclaimAfter
	}
	return staleReservation
}

// readers bounds the register entries read at once.
const readers = 16

// Rows lists the rows of the register, optionally of one issuer, type
// (under an issuer) and term (under a type), sorted by series and number.
// A void record stands for its entry.
func (b *Book) Rows(ctx context.Context, issuer, typ, term string) ([]Row, error) {
	var entries []string
	if err := b.archive.Keys(ctx, archivekey.RegisterFilter(issuer, typ, term), func(key string) error {
		e, ok := archivekey.ParseEntry(key)
		if ok && (typ == "" || e.Type == archivekey.Part(typ)) && (term == "" || e.Term == term) {
			if e.Void && len(entries) > 0 && entries[len(entries)-1] == e.Entry {
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
	found := make([]Row, len(entries))
	have := make([]bool, len(entries))
	errs := make([]error, len(entries))
	parallel.ForEach(len(entries), readers, func(i int) {
		found[i], have[i], errs[i] = b.row(ctx, entries[i])
	})
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	rows := []Row{}
	for i, r := range found {
		if have[i] {
			rows = append(rows, r)
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

// Filter selects rows of the register for [Book.List].
type Filter struct {
	// Issuer, Type and Term are as in [Book.Rows].
	Issuer, Type, Term string
	// Year keeps the rows dated in that year (0: every year).
	Year int
	// Sees reports whether the reader may see a row of the given secrecy
	// mark; nil sees every row.
	Sees func(secrecy.Mark) bool
}

// List is [Book.Rows] narrowed to the year and the rows the reader may
// see; it returns an empty list, never nil, when nothing matches.
func (b *Book) List(ctx context.Context, f Filter) ([]Row, error) {
	all, err := b.Rows(ctx, f.Issuer, f.Type, f.Term)
	if err != nil {
		return nil, err
	}
	rows := []Row{}
	for _, row := range all {
		if f.Sees != nil && !f.Sees(row.Secrecy) {
			continue // hidden from this reader
		}
		if f.Year != 0 && !strings.HasSuffix(row.Date, "/"+strconv.Itoa(f.Year)) {
			continue
		}
		rows = append(rows, row)
	}
	return rows, nil
}

// row is the row of an entry, from the cache or read (and then cached).
func (b *Book) row(ctx context.Context, key string) (Row, bool, error) {
	if row, ok := b.rows.get(key); ok {
		return row, true, nil
	}
	row, ok, err := b.ReadEntry(ctx, key)
	if ok {
		b.rows.put(key, row)
	}
	return row, ok, err
}
