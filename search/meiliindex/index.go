package meiliindex

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/meilisearch/meilisearch-go"

	"vanthu/search"
	"vanthu/search/fold"
	"vanthu/search/internal/facet"
)

// Options configure [Open].
type Options struct {
	URL    string // base URL, e.g. http://127.0.0.1:7700
	APIKey string // master key or an API key allowed to manage the index
	Index  string // index UID, e.g. "vanthu"
}

// requestTimeout bounds each HTTP request; callers' contexts may end sooner.
const requestTimeout = 30 * time.Second

// upsertChunk is the number of documents sent per request.
const upsertChunk = 5000

// Highlight markers asked from Meilisearch: private-use characters that the
// driver removes from indexed bodies, so that they can only come from
// Meilisearch and survive HTML escaping unchanged.
const (
	preTag  = "\ue000"
	postTag = "\ue001"
)

// Index is a Meilisearch index. It is safe for concurrent use.
type Index struct {
	client meilisearch.ServiceManager
	index  meilisearch.IndexManager
	uid    string
}

var _ search.Index = (*Index)(nil)

// Open connects to Meilisearch, creates the index when it does not exist and
// applies the settings described in the package documentation, waiting until
// they are in effect. Errors match [search.ErrUnavailable] when the server
// cannot be reached.
func Open(ctx context.Context, opts Options) (*Index, error) {
	if opts.URL == "" || opts.Index == "" {
		return nil, errors.New("meiliindex: Options.URL and Options.Index must be set")
	}
	client := meilisearch.New(strings.TrimRight(opts.URL, "/"),
		meilisearch.WithAPIKey(opts.APIKey),
		meilisearch.WithCustomClient(httpClient()),
	)
	x := &Index{client: client, index: client.Index(opts.Index), uid: opts.Index}
	if err := x.create(ctx); err != nil {
		client.Close()
		return nil, err
	}
	if err := x.applySettings(ctx); err != nil {
		client.Close()
		return nil, err
	}
	return x, nil
}

// httpClient is the client for Meilisearch requests: the default transport
// with the dialer of dialContext and a per-request timeout.
func httpClient() *http.Client {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.DialContext = dialContext
	return &http.Client{Transport: t, Timeout: requestTimeout}
}

// create creates the index unless it exists.
func (x *Index) create(ctx context.Context) error {
	info, err := x.client.CreateIndexWithContext(ctx, &meilisearch.IndexConfig{Uid: x.uid, PrimaryKey: "id"})
	if err != nil {
		return x.fail(ctx, "create index", err)
	}
	task, err := x.wait(ctx, info.TaskUID)
	if err != nil {
		return x.fail(ctx, "create index", err)
	}
	if task.Status == meilisearch.TaskStatusFailed && task.Error.Code == "index_already_exists" {
		return nil
	}
	return taskErr("create index", task)
}

// settings returns the index settings. TypoTolerance and Faceting are sent
// as a whole (meilisearch-go has no omitempty on their fields), so every
// field is set.
func settings() *meilisearch.Settings {
	return &meilisearch.Settings{
		SearchableAttributes: []string{"number_compact", "number", "title", "issuer", "signer", "type", "body"},
		// type, issuer and status (display values) are filterable only
		// because facet counts require it; filters use the *_key copies.
		FilterableAttributes: []string{"number_key", "cites", "type_key", "issuer_key", "status_key", "year", "secrecy", "template", "type", "issuer", "status"},
		SortableAttributes:   []string{"year", "date_unix", "id"},
		// Ties end on the id, as in the bleve driver, so that the order of
		// equal hits does not depend on the order entries were indexed in
		// (a rebuild gives the same pages).
		RankingRules: []string{"words", "typo", "proximity", "attribute", "sort", "exactness", "date_unix:desc", "id:asc"},
		TypoTolerance: &meilisearch.TypoTolerance{
			Enabled:             true,
			MinWordSizeForTypos: meilisearch.MinWordSizeForTypos{OneTypo: 5, TwoTypos: 9},
			DisableOnWords:      []string{},
			DisableOnAttributes: []string{"number", "number_compact"},
			DisableOnNumbers:    true,
		},
		Pagination: &meilisearch.Pagination{MaxTotalHits: 100000},
		// Keep the most frequent values when a facet has more than
		// facet.MaxValues, as the bleve driver does.
		Faceting: &meilisearch.Faceting{
			MaxValuesPerFacet: facet.MaxValues,
			SortFacetValuesBy: map[string]meilisearch.SortFacetType{"*": meilisearch.SortFacetTypeCount},
		},
	}
}

func (x *Index) applySettings(ctx context.Context) error {
	info, err := x.index.UpdateSettingsWithContext(ctx, settings())
	if err != nil {
		return x.fail(ctx, "update settings", err)
	}
	return x.waitOK(ctx, "update settings", info)
}

// document is an entry as stored in Meilisearch.
type document struct {
	ID            string   `json:"id"`
	Number        string   `json:"number"`
	NumberKey     string   `json:"number_key"`
	NumberCompact string   `json:"number_compact"`
	Type          string   `json:"type"`
	TypeKey       string   `json:"type_key"`
	Issuer        string   `json:"issuer"`
	IssuerKey     string   `json:"issuer_key"`
	Year          int      `json:"year"`
	Date          string   `json:"date"`
	DateUnix      *int64   `json:"date_unix,omitempty"`
	Title         string   `json:"title"`
	Body          string   `json:"body"`
	Cites         []string `json:"cites"`
	Secrecy       int      `json:"secrecy"`
	Status        string   `json:"status"`
	StatusKey     string   `json:"status_key"`
	Template      string   `json:"template"`
	Signer        string   `json:"signer"`
}

func toDocument(e search.Entry) (document, error) {
	id, err := docID(e.ID)
	if err != nil {
		return document{}, err
	}
	d := document{
		ID: id, Number: e.Number, NumberKey: e.NumberKey, NumberCompact: e.NumberCompact,
		Type: e.Type, TypeKey: codeKey(e.Type), Issuer: e.Issuer, IssuerKey: codeKey(e.Issuer),
		Year: e.Year, Date: e.Date, Title: e.Title, Body: stripMarkers(e.Body),
		Cites: e.Cites, Secrecy: int(e.Secrecy), Status: e.Status, StatusKey: codeKey(e.Status),
		Template: e.Template, Signer: e.Signer,
	}
	if d.Cites == nil {
		d.Cites = []string{}
	}
	if t, err := time.Parse(time.DateOnly, e.Date); err == nil {
		u := t.Unix()
		d.DateUnix = &u
	}
	return d, nil
}

// codeKey is the filter form of a type, issuer or status code.
func codeKey(s string) string { return fold.String(strings.TrimSpace(s)) }

func stripMarkers(s string) string {
	if !strings.ContainsAny(s, preTag+postTag) {
		return s
	}
	return strings.NewReplacer(preTag, "", postTag, "").Replace(s)
}

// Upsert adds or replaces entries and waits until Meilisearch has indexed
// them, so that they are searchable when it returns.
func (x *Index) Upsert(ctx context.Context, entries ...search.Entry) error {
	docs := make([]document, 0, len(entries))
	for _, e := range entries {
		d, err := toDocument(e)
		if err != nil {
			return fmt.Errorf("meiliindex: upsert: %w", err)
		}
		docs = append(docs, d)
	}
	pk := "id"
	var infos []*meilisearch.TaskInfo
	for start := 0; start < len(docs); start += upsertChunk {
		chunk := docs[start:min(start+upsertChunk, len(docs))]
		// A fresh handle per call: meilisearch-go's index handle records the
		// primary key of every add in a field, which races when one handle
		// is shared by concurrent writers.
		info, err := x.client.Index(x.uid).AddDocumentsWithContext(ctx, chunk, &meilisearch.DocumentOptions{PrimaryKey: &pk})
		if err != nil {
			return x.fail(ctx, "upsert", err)
		}
		infos = append(infos, info)
	}
	for _, info := range infos {
		if err := x.waitOK(ctx, "upsert", info); err != nil {
			return err
		}
	}
	return nil
}

// Delete removes entries by ID; unknown IDs are ignored.
func (x *Index) Delete(ctx context.Context, ids ...string) error {
	if len(ids) == 0 {
		return nil
	}
	docIDs := make([]string, 0, len(ids))
	for _, id := range ids {
		d, err := docID(id)
		if err != nil {
			return fmt.Errorf("meiliindex: delete: %w", err)
		}
		docIDs = append(docIDs, d)
	}
	info, err := x.index.DeleteDocumentsWithContext(ctx, docIDs, nil)
	if err != nil {
		return x.fail(ctx, "delete", err)
	}
	return x.waitOK(ctx, "delete", info)
}

// Reset deletes every document; the index and its settings stay.
func (x *Index) Reset(ctx context.Context) error {
	info, err := x.index.DeleteAllDocumentsWithContext(ctx, nil)
	if err != nil {
		return x.fail(ctx, "reset", err)
	}
	return x.waitOK(ctx, "reset", info)
}

// Ping checks that the server answers and reports itself available.
func (x *Index) Ping(ctx context.Context) error {
	h, err := x.client.HealthWithContext(ctx)
	if err != nil {
		return x.fail(ctx, "ping", err)
	}
	if h.Status != "available" {
		return fmt.Errorf("meiliindex: ping: server status %q: %w", h.Status, search.ErrUnavailable)
	}
	return nil
}

// Close releases idle connections. The index stays on the server.
func (x *Index) Close() error {
	x.client.Close()
	return nil
}

// wait polls a task until it has finished, backing off from 5 ms to 100 ms.
func (x *Index) wait(ctx context.Context, taskUID int64) (*meilisearch.Task, error) {
	delay := 5 * time.Millisecond
	for {
		task, err := x.client.GetTaskWithContext(ctx, taskUID)
		if err != nil {
			return nil, err
		}
		if task.Status != meilisearch.TaskStatusEnqueued && task.Status != meilisearch.TaskStatusProcessing {
			return task, nil
		}
		t := time.NewTimer(delay)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil, ctx.Err()
		case <-t.C:
		}
		delay = min(2*delay, 100*time.Millisecond)
	}
}

// waitOK waits for a task and turns anything but success into an error.
func (x *Index) waitOK(ctx context.Context, op string, info *meilisearch.TaskInfo) error {
	task, err := x.wait(ctx, info.TaskUID)
	if err != nil {
		return x.fail(ctx, op, err)
	}
	return taskErr(op, task)
}

func taskErr(op string, task *meilisearch.Task) error {
	if task.Status == meilisearch.TaskStatusSucceeded {
		return nil
	}
	msg := task.Error.Message
	if task.Error.Code != "" {
		msg += " (" + task.Error.Code + ")"
	}
	return fmt.Errorf("meiliindex: %s: task %d %s: %s", op, task.UID, task.Status, msg)
}

// fail wraps err from a Meilisearch call: the context's error when it has
// ended, search.ErrUnavailable for network errors, timeouts and 5xx answers,
// search.ErrInvalidQuery for rejected search parameters.
func (x *Index) fail(ctx context.Context, op string, err error) error {
	if ctxErr := ctx.Err(); ctxErr != nil {
		return fmt.Errorf("meiliindex: %s: %w", op, ctxErr)
	}
	var me *meilisearch.Error
	if errors.As(err, &me) {
		switch me.ErrCode {
		case meilisearch.MeilisearchCommunicationError, meilisearch.MeilisearchTimeoutError, meilisearch.MeilisearchMaxRetriesExceeded:
			return fmt.Errorf("meiliindex: %s: %w: %w", op, search.ErrUnavailable, err)
		case meilisearch.MeilisearchApiError, meilisearch.MeilisearchApiErrorWithoutMessage:
			if me.StatusCode >= 500 {
				return fmt.Errorf("meiliindex: %s: %w: %w", op, search.ErrUnavailable, err)
			}
			if code := me.MeilisearchApiError.Code; strings.HasPrefix(code, "invalid_search_") || strings.HasPrefix(code, "invalid_multi_search_") {
				return fmt.Errorf("meiliindex: %s: %w: %w", op, search.ErrInvalidQuery, err)
			}
		}
	}
	return fmt.Errorf("meiliindex: %s: %w", op, err)
}
