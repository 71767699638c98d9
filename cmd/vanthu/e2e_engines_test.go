package main

import (
	"context"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"io"
	"log/slog"
	"reflect"
	"testing"
	"time"

	miniogo "github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"

	"vanthu/documents/archive/archivetest"
	"vanthu/search/searchtest"
)

// engines starts a real MinIO and a real Meilisearch and returns the
// configuration variables (name, value, …) that point vanthu at them.
func engines(t testing.TB) (*archivetest.MinIOServer, *searchtest.MeiliServer, []string) {
	t.Helper()
	minio := archivetest.StartMinIO(t)
	meili := searchtest.StartMeilisearch(t)
	return minio, meili, []string{
		"VANTHU_S3_ENDPOINT", minio.Endpoint(),
		"VANTHU_S3_ACCESS_KEY", minio.AccessKey(),
		"VANTHU_S3_SECRET_KEY", minio.SecretKey(),
		"VANTHU_S3_BUCKET", "vanthu-e2e",
		"VANTHU_S3_RETENTION_DAYS", "1",
		"VANTHU_MEILI_URL", meili.URL(),
		"VANTHU_MEILI_KEY", meili.Key(),
		"VANTHU_MEILI_INDEX", "vanthu_e2e",
	}
}

// TestEndToEndEngines runs the core scenario on MinIO + Meilisearch, then
// looks at the archived notice with a plain S3 client: a locked object
// version with its SHA-256 checksum, which the application's own
// credentials can neither delete nor overwrite.
func TestEndToEndEngines(t *testing.T) {
	minio, _, vars := engines(t)
	cfg := testConfig(t, vars...)
	ts := startServer(t, cfg)
	coreScenario(t, ts)

	res := ts.search("viewer", "/api/v1/documents?number=167-TB/TU")
	id := hitIDs(res)[0]
	doc := ts.document("viewer", "GET", "/api/v1/documents/"+id, nil, 200)
	client, err := miniogo.New(minio.Endpoint(), &miniogo.Options{Creds: credentials.NewStaticV4(minio.AccessKey(), minio.SecretKey(), "")})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	key := "docs/" + id + "/r0001/document.docx"
	st, err := client.StatObject(ctx, "vanthu-e2e", key, miniogo.StatObjectOptions{Checksum: true})
	if err != nil {
		t.Fatalf("stat %s: %v", key, err)
	}
	if st.VersionID == "" || st.Metadata.Get("X-Amz-Object-Lock-Mode") != "GOVERNANCE" || st.Metadata.Get("X-Amz-Object-Lock-Retain-Until-Date") == "" {
		t.Errorf("not a locked version: %q %v", st.VersionID, st.Metadata)
	}
	sum, _ := hex.DecodeString(doc.SHA256)
	if st.ChecksumSHA256 != base64.StdEncoding.EncodeToString(sum) {
		t.Errorf("S3 checksum %q does not match the document's sha256 %s", st.ChecksumSHA256, doc.SHA256)
	}
	if err := client.RemoveObject(ctx, "vanthu-e2e", key, miniogo.RemoveObjectOptions{VersionID: st.VersionID}); err == nil {
		t.Error("the locked version was deleted with the application's credentials")
	}
	if code, _, _ := ts.do("admin", "DELETE", "/api/v1/documents/"+id, nil); code != 409 {
		t.Errorf("delete through vanthu: %d", code)
	}
	if _, err := client.StatObject(ctx, "vanthu-e2e", key, miniogo.StatObjectOptions{VersionID: st.VersionID}); err != nil {
		t.Errorf("the locked version is gone: %v", err)
	}
	if ok, rep := runCheck(t, cfg); !ok || rep.Issued == 0 || rep.Signatures != rep.Issued || rep.Audit == 0 {
		t.Errorf("vanthu check on S3: ok=%v %+v", ok, rep)
	}
}

// TestIndexOutageLosesNothing stops Meilisearch, creates 20 documents (all
// acknowledged), restarts it and waits until all 20 are searchable with no
// manual step; then rebuilds a fresh index from the S3 archive alone and
// compares the answers.
func TestIndexOutageLosesNothing(t *testing.T) {
	_, meili, vars := engines(t)
	cfg := testConfig(t, vars...)
	ts := startServer(t, cfg)

	if err := meili.Stop(); err != nil {
		t.Fatal(err)
	}
	ids := map[string]bool{}
	req := exampleRequest(t, "thong-bao-ket-luan.json")
	delete(req["data"].(map[string]any), "number") // numbers from the register
	for i := 0; i < 20; i++ {
		req["data"].(map[string]any)["title"] = fmt.Sprintf("kết luận số %d về công tác kiểm điểm", i+1)
		doc := ts.document("signer", "POST", "/api/v1/documents", mustJSON(t, req), 201)
		ids[doc.ID] = true
	}
	// The archive check needs no index: it sees the 20 waiting entries.
	if ok, rep := runCheck(t, cfg); !ok || rep.Issued != 20 || rep.Pending != 20 {
		t.Errorf("check during the outage: ok=%v %+v", ok, rep)
	}
	if err := meili.Start(); err != nil {
		t.Fatal(err)
	}

	deadline := time.Now().Add(90 * time.Second)
	var found map[string]bool
	for {
		res := ts.search("signer", "/api/v1/documents?type=TB&per_page=100")
		found = map[string]bool{}
		for _, id := range hitIDs(res) {
			found[id] = true
		}
		if len(found) == 20 || time.Now().After(deadline) {
			break
		}
		time.Sleep(200 * time.Millisecond)
	}
	for id := range ids {
		if !found[id] {
			t.Errorf("document %s acknowledged during the outage is not searchable", id)
		}
	}
	queries := []string{"type=TB&per_page=100", "number=01-TB/TU", "number=20-TB/TU", "cites=28-CT/TW&per_page=100", "q=ket luan so 7"}
	before := map[string][]string{}
	for _, q := range queries {
		before[q] = hitIDs(ts.search("signer", "/api/v1/documents?"+encodeQuery(q)))
	}
	if len(before["number=20-TB/TU"]) != 1 {
		t.Errorf("number 20-TB/TU: %v", before["number=20-TB/TU"])
	}

	// Rebuild into a new, empty index from the archive alone.
	ts.shutdown()
	cfg2, err := configOf(cfg.DataDir, append(vars, "VANTHU_MEILI_INDEX", "vanthu_rebuilt")...)
	if err != nil {
		t.Fatal(err)
	}
	a, cleanup, err := setup(context.Background(), cfg2, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	n, err := a.docs.Reindex(context.Background())
	cleanup()
	if err != nil || n != 20 {
		t.Fatalf("reindex: %d documents, %v", n, err)
	}
	ts.cfg = cfg2
	ts.start()
	for _, q := range queries {
		got := hitIDs(ts.search("signer", "/api/v1/documents?"+encodeQuery(q)))
		if !reflect.DeepEqual(got, before[q]) {
			t.Errorf("after reindex from S3, %s: %v, before %v", q, got, before[q])
		}
	}
}

// TestTwoInstancesOneBucket: two vanthu processes on one bucket issue 40
// documents of one series at the same time; the numbers are 01..40 with no
// duplicate and no gap, decided by conditional creates in S3.
func TestTwoInstancesOneBucket(t *testing.T) {
	_, _, vars := engines(t)
	cfg := testConfig(t, vars...)
	a := startServer(t, cfg)
	b := &testServer{t: t, cfg: cfg, tokens: a.tokens}
	b.start()
	issueConcurrently(t, []*testServer{a, b}, 40, noticeRequest(t, true, func(d map[string]any) { d["date"] = "2026-03-02" }))
}

// TestMigrateToS3: an office that started on the embedded default moves its
// archive into MinIO with `vanthu migrate`; every document, its signature,
// the register and the audit log come along and are found again.
func TestMigrateToS3(t *testing.T) {
	cfg := testConfig(t)
	ts := startServer(t, cfg)
	doc := ts.document("admin", "POST", "/api/v1/documents", noticeRequest(t, true, nil), 201)
	id := doc.ID
	_, before, _ := ts.do("viewer", "GET", "/api/v1/documents/"+id+"/docx", nil)
	ts.shutdown()

	_, _, vars := engines(t)
	cfg2, err := configOf(cfg.DataDir, vars...)
	if err != nil {
		t.Fatal(err)
	}
	if err := migrate(cfg2, cfg.DataDir); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	// Running it again copies nothing twice.
	if err := migrate(cfg2, cfg.DataDir); err != nil {
		t.Fatalf("migrate again: %v", err)
	}
	ts.cfg = cfg2
	ts.start()
	res := ts.search("viewer", "/api/v1/documents?number=01-TB/TU")
	if ids := hitIDs(res); len(ids) != 1 || ids[0] != id {
		t.Fatalf("after migration: %v", res)
	}
	_, after, _ := ts.do("viewer", "GET", "/api/v1/documents/"+id+"/docx", nil)
	if string(after) != string(before) {
		t.Error("the migrated DOCX differs")
	}
	if v := ts.jsonDo("viewer", "GET", "/api/v1/documents/"+id+"/verify", nil, 200); v["valid"] != true {
		t.Errorf("signature after migration: %v", v)
	}
	// The register continues where it stopped.
	next := ts.document("signer", "POST", "/api/v1/documents", noticeRequest(t, true, nil), 201)
	if next.Number != "02-TB/TU" {
		t.Errorf("numbering after migration: %v", next.Number)
	}
	if audit := ts.jsonDo("admin", "GET", "/api/v1/audit", nil, 200); audit["total"].(float64) < 2 {
		t.Errorf("audit log not migrated: %v", audit["total"])
	}
}

// TestServersOutliveEachOther stops and starts Meilisearch repeatedly while
// MinIO runs: stopping one test server must never take the other with it
// (both die with the thread that forked them, so neither may share one).
func TestServersOutliveEachOther(t *testing.T) {
	minio, meili, _ := engines(t)
	for i := 0; i < 8; i++ {
		if err := meili.Stop(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(100 * time.Millisecond)
		if !minio.Running() {
			t.Fatalf("MinIO died when Meilisearch was stopped (round %d)", i+1)
		}
		if err := meili.Start(); err != nil {
			t.Fatal(err)
		}
	}
}

// TestReadiness: /readyz answers without a token; it stays ready while only
// the index is down (documents are still archived) and is not ready while
// the archive is down.
func TestReadiness(t *testing.T) {
	minio, meili, vars := engines(t)
	ts := startServer(t, testConfig(t, vars...))
	probe := func(wantCode int, wantArchive, wantIndex string) {
		t.Helper()
		code, body, _ := ts.do("", "GET", "/readyz", nil)
		want := fmt.Sprintf(`{"archive":%q,"index":%q}`, wantArchive, wantIndex)
		if code != wantCode || string(body) != want {
			t.Errorf("/readyz = %d %s, want %d %s", code, body, wantCode, want)
		}
	}
	probe(200, "ok", "ok")
	if err := meili.Stop(); err != nil {
		t.Fatal(err)
	}
	probe(200, "ok", "unavailable")
	if err := minio.Stop(); err != nil {
		t.Fatal(err)
	}
	probe(503, "unavailable", "unavailable")
	if err := minio.Start(); err != nil {
		t.Fatal(err)
	}
	if err := meili.Start(); err != nil {
		t.Fatal(err)
	}
	probe(200, "ok", "ok")
}
