package register

import (
	"context"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"vanthu/documents/archive"
	"vanthu/documents/archive/fsarchive"
	"vanthu/documents/archivekey"
	"vanthu/documents/record"
)

func newBook(t *testing.T, now *time.Time) (*Book, archive.Archive) {
	t.Helper()
	a, err := fsarchive.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	return New(a, Options{Now: func() time.Time { return *now }, Terms: []string{"2025-10-20", "2020-10-15"}}), a
}

// TestReserve: numbers run 1, 2, 3 in a series; a number given back is
// taken again; a number asked for by hand that is used is a TakenError;
// the term is the one the date falls in.
func TestReserve(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)
	b, _ := newBook(t, &now)
	if got := b.Term("2024-05-01"); got != "2020-10-15" {
		t.Errorf("Term(2024-05-01) = %s", got)
	}
	if got := b.Term("2019-01-01"); got != "0001-01-01" {
		t.Errorf("Term before every term = %s", got)
	}
	series := archivekey.Series("TU", "TB", b.Term("2026-01-05"))
	id := record.NewID(now)
	for want := 1; want <= 3; want++ {
		n, err := b.Reserve(ctx, series, id, 1, "2026-01-05", 0, "văn thư")
		if err != nil || n != want {
			t.Fatalf("reserve: %d, %v; want %d", n, err, want)
		}
	}
	b.Release(series, 2)
	if n, err := b.Reserve(ctx, series, id, 1, "2026-01-05", 0, "văn thư"); err != nil || n != 2 {
		t.Errorf("after giving 2 back: %d, %v; want 2", n, err)
	}
	_, err := b.Reserve(ctx, series, id, 1, "2026-01-05", 3, "quản trị")
	var taken *TakenError
	if !errors.As(err, &taken) || taken.Number != 3 {
		t.Errorf("manual number 3 again: %v, want a TakenError", err)
	}
	taken3, err := b.Taken(ctx, series)
	if err != nil || len(taken3) != 3 || !taken3[1] || !taken3[2] || !taken3[3] {
		t.Errorf("Taken = %v, %v", taken3, err)
	}
}

// TestReadEntryAndReclaim: a reservation whose document does not exist is
// no row; once old enough the reclaim pass gives it back when nothing was
// numbered after it, and records it as void ("số bỏ trống") when something
// was, and the void number is then a row.
func TestReadEntryAndReclaim(t *testing.T) {
	ctx := context.Background()
	now := time.Now()
	b, _ := newBook(t, &now)
	series := archivekey.Series("TU", "TB", "2025-10-20")
	for i := 0; i < 2; i++ {
		if _, err := b.Reserve(ctx, series, record.NewID(now), 1, "2026-01-05", 0, "văn thư"); err != nil {
			t.Fatal(err)
		}
	}
	if _, ok, err := b.ReadEntry(ctx, archivekey.Entry(series, 1)); ok || err != nil {
		t.Fatalf("a reservation without its document: ok=%v err=%v, want no row", ok, err)
	}
	if n, err := b.Reclaim(ctx); n != 0 || err != nil {
		t.Fatalf("fresh reservations reclaimed: %d %v", n, err)
	}
	now = now.Add(time.Hour)
	if n, err := b.Reclaim(ctx); n != 2 || err != nil {
		t.Fatalf("reclaim: %d %v, want 2", n, err)
	}
	rows, err := b.Rows(ctx, "TU", "TB", "2025-10-20")
	if err != nil {
		t.Fatal(err)
	}
	// Number 1 had number 2 after it: void. Number 2 was the last: given back.
	if len(rows) != 1 || !rows[0].Void || rows[0].Ordinal != 1 || rows[0].Number != "Số 01-TB/TU" {
		t.Fatalf("rows after reclaim: %+v", rows)
	}
	var res Reservation
	data, _, err := archive.ReadAll(ctx, b.archive, archivekey.Void(archivekey.Entry(series, 1)))
	if err != nil || json.Unmarshal(data, &res) != nil || res.Void == "" {
		t.Errorf("void record: %s %v", data, err)
	}
	if n, err := b.Reserve(ctx, series, record.NewID(now), 1, "2026-01-05", 0, "văn thư"); err != nil || n != 2 {
		t.Errorf("next number after reclaim: %d %v, want 2", n, err)
	}
}

// TestReserveForAndNext: ReserveFor picks the series of the term the date
// falls in, and Next forecasts the number it would give without taking it.
func TestReserveForAndNext(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)
	b, _ := newBook(t, &now)
	id := record.NewID(now)
	cases := []struct {
		date string
		want Slot
	}{
		{"2026-01-05", Slot{Series: archivekey.Series("TU", "TB", "2025-10-20"), Term: "2025-10-20", Ordinal: 1}},
		{"2026-01-06", Slot{Series: archivekey.Series("TU", "TB", "2025-10-20"), Term: "2025-10-20", Ordinal: 2}},
		{"2024-05-01", Slot{Series: archivekey.Series("TU", "TB", "2020-10-15"), Term: "2020-10-15", Ordinal: 1}},
	}
	for _, tc := range cases {
		next, err := b.Next(ctx, "TU", "TB", tc.date)
		if err != nil || next != tc.want.Ordinal {
			t.Errorf("Next for %s = %d, %v; want %d", tc.date, next, err, tc.want.Ordinal)
		}
		date, _ := time.Parse(time.DateOnly, tc.date)
		got, err := b.ReserveFor(ctx, Request{Issuer: "TU", Type: "TB", Date: date, ID: id, Revision: 1, By: "văn thư"})
		if err != nil || got != tc.want {
			t.Errorf("ReserveFor %s = %+v, %v; want %+v", tc.date, got, err, tc.want)
		}
		if got.Key() != archivekey.Entry(tc.want.Series, tc.want.Ordinal) {
			t.Errorf("Key = %s", got.Key())
		}
	}
}
