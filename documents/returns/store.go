package returns

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"time"

	"vanthu/documents/archive"
)

// Archive keys of returns (see the package documentation).
const prefix = "returns/"

var idRe = regexp.MustCompile(`^[0-9a-f]{24}$`)

// ValidID reports whether id has the form of a return id.
func ValidID(id string) bool { return idRe.MatchString(id) }

func newID(now time.Time) string {
	var b [6]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(fmt.Sprintf("returns: crypto/rand failed: %v", err))
	}
	return fmt.Sprintf("%012x%s", now.UnixMilli()&0xffffffffffff, hex.EncodeToString(b[:]))
}

func definitionKey(id string) string { return prefix + id + "/definition.json" }

func unitPrefix(id, code string) string { return prefix + id + "/units/" + code + "/" }

func revisionDir(id, code string, rev int) string {
	return fmt.Sprintf("%sr%04d/", unitPrefix(id, code), rev)
}

func reportKey(id, doc string) string { return prefix + id + "/reports/" + doc + ".json" }

// ReportLink records a report draft made from a return and the unit
// revisions it was made from.
type ReportLink struct {
	Document  string         `json:"document"`
	Revisions map[string]int `json:"revisions"`
	CreatedAt time.Time      `json:"created_at"`
	CreatedBy string         `json:"created_by"`
}

// store reads and writes returns in the archive; every object is written
// once and protected.
type store struct{ a archive.Archive }

func (st store) put(ctx context.Context, key string, v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return fmt.Errorf("encode %s: %w", key, err)
	}
	return st.putBytes(ctx, key, b, "application/json")
}

func (st store) putBytes(ctx context.Context, key string, b []byte, contentType string) error {
	_, err := st.a.Create(context.WithoutCancel(ctx), key, b, archive.CreateOptions{ContentType: contentType, Protect: true})
	if err != nil {
		return fmt.Errorf("archive %s: %w", key, err)
	}
	return nil
}

func (st store) get(ctx context.Context, key string, v any) error {
	b, _, err := archive.ReadAll(ctx, st.a, key)
	if errors.Is(err, archive.ErrNotFound) {
		return fmt.Errorf("%s: %w", key, ErrNotFound)
	}
	if err != nil {
		return fmt.Errorf("read %s: %w", key, err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("decode %s: %w", key, err)
	}
	return nil
}

func (st store) definition(ctx context.Context, id string) (*Definition, error) {
	if !ValidID(id) {
		return nil, fmt.Errorf("return %q: %w", id, ErrNotFound)
	}
	var d Definition
	if err := st.get(ctx, definitionKey(id), &d); err != nil {
		return nil, err
	}
	return &d, nil
}

// definitions lists every return, newest first.
func (st store) definitions(ctx context.Context) ([]*Definition, error) {
	var out []*Definition
	err := st.a.Keys(ctx, prefix, func(key string) error {
		rest := strings.TrimPrefix(key, prefix)
		id, tail, _ := strings.Cut(rest, "/")
		if tail != "definition.json" {
			return nil
		}
		d, err := st.definition(ctx, id)
		if err != nil {
			return err
		}
		out = append(out, d)
		return nil
	})
	sort.SliceStable(out, func(i, j int) bool { return out[i].ID > out[j].ID })
	return out, err
}

// revisions finds, per unit, the latest revision with its revision.json
// and the highest revision number used by any object (leftovers of a
// failed write included).
func (st store) revisions(ctx context.Context, id string) (latest, used map[string]int, err error) {
	latest, used = map[string]int{}, map[string]int{}
	p := prefix + id + "/units/"
	err = st.a.Keys(ctx, p, func(key string) error {
		code, rest, _ := strings.Cut(strings.TrimPrefix(key, p), "/")
		var rev int
		if n, _ := fmt.Sscanf(rest, "r%04d/", &rev); n != 1 {
			return nil
		}
		used[code] = max(used[code], rev)
		if strings.HasSuffix(rest, "/revision.json") {
			latest[code] = max(latest[code], rev)
		}
		return nil
	})
	return latest, used, err
}

func (st store) revision(ctx context.Context, id, code string, rev int) (*Revision, error) {
	var r Revision
	if err := st.get(ctx, revisionDir(id, code, rev)+"revision.json", &r); err != nil {
		return nil, err
	}
	return &r, nil
}

func (st store) reports(ctx context.Context, id string) ([]ReportLink, error) {
	var out []ReportLink
	p := prefix + id + "/reports/"
	err := st.a.Keys(ctx, p, func(key string) error {
		var l ReportLink
		if err := st.get(ctx, key, &l); err != nil {
			return err
		}
		out = append(out, l)
		return nil
	})
	sort.SliceStable(out, func(i, j int) bool { return out[i].CreatedAt.Before(out[j].CreatedAt) })
	return out, err
}
