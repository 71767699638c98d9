package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	miniogo "github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"

	"vanthu/api"
	"vanthu/documents"
	"vanthu/documents/role"
)

// childEnv makes the test binary run `vanthu serve` instead of the tests,
// so that the fault test can kill a real vanthu process with SIGKILL.
const childEnv = "VANTHU_TEST_CHILD"

// Figures of the fault test, bounded so that the test takes about a minute.
const (
	faultClients = 16               // concurrent issuers
	faultLoad    = 20 * time.Second // how long new documents are started
	faultSettle  = 60 * time.Second // how long a started document may take to be acknowledged
)

// acked is a document a client got a 2xx for.
type acked struct{ id, number string }

// loadResult is what the clients saw.
type loadResult struct {
	mu        sync.Mutex
	docs      []acked
	requests  int            // HTTP requests sent, retries included
	retried   int            // documents that needed more than one request
	failures  map[string]int // answers other than 201, by status (or "no answer")
	unsettled []string
}

// issueLoad runs faultClients clients against base() for faultLoad: each
// issues documents one after another, each with its own Idempotency-Key,
// and retries a document (same key, same body) until it is acknowledged,
// as a client that lost the reply must. Errors are collected, never
// reported from the client goroutines.
func issueLoad(base func() string, token string, body []byte) *loadResult {
	res := &loadResult{failures: map[string]int{}}
	client := &http.Client{Timeout: 30 * time.Second}
	stopNew := time.Now().Add(faultLoad)
	var wg sync.WaitGroup
	for c := range faultClients {
		wg.Go(func() {
			for seq := 0; time.Now().Before(stopNew); seq++ {
				key := fmt.Sprintf("client-%02d-doc-%04d", c, seq)
				giveUp := time.Now().Add(faultSettle)
				for attempt := 1; ; attempt++ {
					doc, done, err := postIssue(client, base(), token, key, body)
					res.mu.Lock()
					res.requests++
					switch {
					case done:
						res.docs = append(res.docs, doc)
						if attempt > 1 {
							res.retried++
						}
					case time.Now().After(giveUp):
						res.unsettled = append(res.unsettled, key+": "+err.Error())
						done = true
					}
					if err != nil {
						res.failures[failureKind(err)]++
					}
					res.mu.Unlock()
					if done {
						break
					}
					time.Sleep(150 * time.Millisecond)
				}
			}
		})
	}
	wg.Wait()
	return res
}

// failureKind names a failed request for the figures.
func failureKind(err error) string {
	var se statusError
	if errors.As(err, &se) {
		return strconv.Itoa(int(se))
	}
	return "no answer"
}

// statusError is an answer other than 201.
type statusError int

func (e statusError) Error() string { return "status " + strconv.Itoa(int(e)) }

// postIssue sends one create-and-issue request; done is true when it was
// acknowledged, err says why not (any answer but 2xx is retried, since
// every one of them is safe to retry under the same key).
func postIssue(client *http.Client, base, token, key string, body []byte) (acked, bool, error) {
	req, err := http.NewRequest("POST", base+"/api/v1/documents", bytes.NewReader(body))
	if err != nil {
		return acked{}, false, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Idempotency-Key", key)
	resp, err := client.Do(req)
	if err != nil {
		return acked{}, false, err
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusCreated {
		return acked{}, false, fmt.Errorf("%w: %.200s", statusError(resp.StatusCode), b)
	}
	var doc api.Document
	if err := json.Unmarshal(b, &doc); err != nil || doc.ID == "" || doc.Number == "" {
		return acked{}, false, fmt.Errorf("201 without a document: %.200s", b)
	}
	return acked{doc.ID, doc.Number}, true, nil
}

// checkAfterFaults asserts what must hold once the faults are over: every
// acknowledged document is readable, verifies, is in the register and the
// index and has its issue event; no number has two documents; vanthu check
// finds nothing wrong.
func checkAfterFaults(t *testing.T, ts *testServer, res *loadResult) {
	t.Helper()
	for _, u := range res.unsettled {
		t.Errorf("a document was never acknowledged: %s", u)
	}
	byID := map[string]string{}
	byNumber := map[string]string{}
	for _, d := range res.docs {
		if prev, ok := byID[d.id]; ok && prev != d.number {
			t.Errorf("document %s acknowledged as %s and as %s", d.id, prev, d.number)
		}
		byID[d.id] = d.number
		if other, ok := byNumber[d.number]; ok && other != d.id {
			t.Errorf("number %s acknowledged for %s and %s", d.number, other, d.id)
		}
		byNumber[d.number] = d.id
	}
	// The background work (pending index entries and audit events, the
	// reclaim pass) finishes once the servers are back.
	deadline := time.Now().Add(90 * time.Second)
	var rep documents.CheckReport
	var ok bool
	for {
		ok, rep = runCheck(t, ts.cfg)
		if (ok && rep.Pending == 0) || time.Now().After(deadline) {
			break
		}
		time.Sleep(500 * time.Millisecond)
	}
	if !ok || rep.Pending != 0 {
		t.Errorf("vanthu check after the faults: ok=%v pending=%d problems=%+v", ok, rep.Pending, rep.Problems)
	}
	for id, number := range byID {
		doc := ts.document("viewer", "GET", "/api/v1/documents/"+id, nil, 200)
		if doc.Number != number || doc.Status != "issued" {
			t.Errorf("%s: %v %v, acknowledged as %s", id, doc.Number, doc.Status, number)
		}
		if v := ts.jsonDo("viewer", "GET", "/api/v1/documents/"+id+"/verify", nil, 200); v["valid"] != true {
			t.Errorf("%s (%s) does not verify: %v", id, number, v)
		}
		if hits := hitIDs(ts.search("viewer", "/api/v1/documents?number="+encodeQuery(number))); len(hits) != 1 || hits[0] != id {
			t.Errorf("search number=%s: %v, want only %s", number, hits, id)
		}
	}
	reg := ts.register("admin", "/api/v1/register?issuer=TU&type=TB")
	inRegister := map[string]bool{}
	ordinals := map[string]string{}
	for _, row := range reg.Rows {
		key := fmt.Sprintf("%s/%v", row.Term, row.Ordinal)
		if prev, dup := ordinals[key]; dup {
			t.Errorf("register number %s twice: %s and %v", key, prev, row.ID)
		}
		ordinals[key] = row.ID
		if row.Void {
			continue
		}
		inRegister[row.ID] = true
		if n, ok := byID[row.ID]; ok && "Số "+n != row.Number {
			t.Errorf("register row of %s says %v, acknowledged as %s", row.ID, row.Number, n)
		}
	}
	events := ts.jsonDo("admin", "GET", "/api/v1/audit?limit=10000", nil, 200)
	issuedEvents := map[string]int{}
	for _, e := range events["events"].([]any) {
		ev := e.(map[string]any)
		if ev["action"] == "issue" && ev["result"] == "ok" {
			issuedEvents[fmt.Sprint(ev["document"])]++
		}
	}
	for id, number := range byID {
		if !inRegister[id] {
			t.Errorf("%s (%s) is not in the register", id, number)
		}
		if issuedEvents[id] != 1 {
			t.Errorf("%s (%s) has %d issue events, want 1", id, number, issuedEvents[id])
		}
	}
	voids := 0
	for _, row := range reg.Rows {
		if row.Void {
			voids++
		}
	}
	t.Logf("fault figures: %d documents acknowledged (%d after retries), %d requests, failed answers %v, %d register rows of which %d void (số bỏ trống), %d audit events",
		len(byID), res.retried, res.requests, res.failures, len(reg.Rows), voids, len(events["events"].([]any)))
}

// TestFaultsEngines issues with 16 concurrent clients against MinIO and
// Meilisearch while both are killed and restarted three times each, MinIO
// once for longer than an issuing waits for it.
func TestFaultsEngines(t *testing.T) {
	minio, meili, vars := engines(t)
	cfg := testConfig(t, append(vars, "VANTHU_RECLAIM_AFTER", "5s", "VANTHU_RECLAIM_INTERVAL", "1s")...)
	ts := startServer(t, cfg)
	body := noticeRequest(t, true, func(d map[string]any) { d["date"] = "2026-03-02" })

	done := make(chan *loadResult)
	go func() { done <- issueLoad(func() string { return ts.base }, ts.tokens["signer"], body) }()
	chaosErrs := make(chan error, 16)
	go func() {
		defer close(chaosErrs)
		// MinIO down for 0.5 s and 1.5 s (within the write retries), then
		// for 12 s (longer than an issuing waits: answers 503, issuings
		// left pending and settled by the reclaim pass); Meilisearch down
		// for 1 s three times.
		for _, down := range []time.Duration{500 * time.Millisecond, 1500 * time.Millisecond, 12 * time.Second} {
			time.Sleep(2 * time.Second)
			if err := minio.Stop(); err != nil {
				chaosErrs <- err
			}
			time.Sleep(down)
			if err := minio.Start(); err != nil {
				chaosErrs <- err
			}
			time.Sleep(time.Second)
			if err := meili.Stop(); err != nil {
				chaosErrs <- err
			}
			time.Sleep(time.Second)
			if err := meili.Start(); err != nil {
				chaosErrs <- err
			}
		}
	}()
	res := <-done
	for err := range chaosErrs {
		t.Errorf("chaos: %v", err)
	}
	checkAfterFaults(t, ts, res)
}

// TestFaultsKilledProcess issues with 16 concurrent clients against the
// embedded default while the vanthu process is killed with SIGKILL and
// started again three times.
func TestFaultsKilledProcess(t *testing.T) {
	cfg := testConfig(t)
	child := startChild(t, cfg)
	body := noticeRequest(t, true, func(d map[string]any) { d["date"] = "2026-03-02" })
	done := make(chan *loadResult)
	go func() { done <- issueLoad(child.base, child.ts.tokens["signer"], body) }()
	chaosErrs := make(chan error, 8)
	go func() {
		defer close(chaosErrs)
		for round := range 3 {
			time.Sleep(time.Duration(3000+700*round) * time.Millisecond)
			if err := child.kill(); err != nil {
				chaosErrs <- err
			}
			if err := child.start(); err != nil {
				chaosErrs <- err
			}
		}
	}()
	res := <-done
	for err := range chaosErrs {
		t.Errorf("chaos: %v", err)
	}
	checkAfterFaults(t, child.ts, res)
}

// childServer is vanthu serve running as a child process.
type childServer struct {
	t    *testing.T
	addr string
	env  []string
	ts   *testServer // for requests; its base follows the child

	mu   sync.Mutex
	cmd  *exec.Cmd
	done chan struct{}
	out  bytes.Buffer
}

// startChild runs the test binary as `vanthu serve` on cfg's data directory
// with one token per role.
func startChild(t *testing.T, cfg Config) *childServer {
	t.Helper()
	ts := &testServer{t: t, cfg: cfg, tokens: map[string]string{}}
	for _, p := range []struct{ name, role, clearance string }{
		{"admin", string(role.Admin), "TUYỆT MẬT"}, {"signer", string(role.Signer), "MẬT"}, {"viewer", string(role.Viewer), ""},
	} {
		tok, err := api.AddToken(cfg.TokensFile, p.name, p.role, p.clearance)
		if err != nil {
			t.Fatal(err)
		}
		ts.tokens[p.name] = tok
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	c := &childServer{t: t, addr: addr, ts: ts, env: append(os.Environ(),
		childEnv+"=serve", "VANTHU_ADDR="+addr, "VANTHU_DATA_DIR="+cfg.DataDir, "VANTHU_LOG_LEVEL=error",
		"VANTHU_INDEX_RETRY=100ms", "VANTHU_RECLAIM_AFTER=3s", "VANTHU_RECLAIM_INTERVAL=1s",
		"VANTHU_S3_ENDPOINT=", "VANTHU_MEILI_URL=", "VANTHU_PDF="+string(PDFOff))}
	ts.base = "http://" + addr
	t.Cleanup(func() {
		if err := c.kill(); err != nil {
			t.Errorf("stop vanthu: %v", err)
		}
		if t.Failed() {
			t.Logf("vanthu printed:\n%s", c.output())
		}
	})
	if err := c.start(); err != nil {
		t.Fatal(err)
	}
	return c
}

func (c *childServer) base() string { return "http://" + c.addr }

func (c *childServer) output() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.out.String()
}

// start runs the child and waits until it answers.
func (c *childServer) start() error {
	c.mu.Lock()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = c.env
	cmd.Stdout, cmd.Stderr = &lockedWriter{mu: &c.mu, w: &c.out}, &lockedWriter{mu: &c.mu, w: &c.out}
	cmd.SysProcAttr = childProcAttr()
	// The parent-death signal fires when the thread that forked the child
	// ends: fork from a thread locked for as long as the child runs.
	started := make(chan error, 1)
	done := make(chan struct{})
	go func() {
		runtime.LockOSThread() // never unlocked: the thread ends after the child
		if err := cmd.Start(); err != nil {
			started <- err
			close(done)
			return
		}
		started <- nil
		_ = cmd.Wait()
		close(done)
	}()
	if err := <-started; err != nil {
		c.mu.Unlock()
		return fmt.Errorf("start vanthu: %w", err)
	}
	c.cmd, c.done = cmd, done
	c.mu.Unlock()
	deadline := time.Now().Add(60 * time.Second)
	for {
		resp, err := http.Get(c.base() + "/healthz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return nil
			}
		}
		select {
		case <-done:
			return fmt.Errorf("vanthu exited while starting:\n%s", c.output())
		default:
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("vanthu did not start: %v", err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// kill ends the child with SIGKILL and waits for it to exit.
func (c *childServer) kill() error {
	c.mu.Lock()
	cmd, done := c.cmd, c.done
	c.cmd, c.done = nil, nil
	c.mu.Unlock()
	if cmd == nil {
		return nil
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil && err != os.ErrProcessDone {
		return err
	}
	select {
	case <-done:
		return nil
	case <-time.After(30 * time.Second):
		return fmt.Errorf("vanthu did not exit after SIGKILL")
	}
}

// lockedWriter serialises writes to a buffer that is read elsewhere.
type lockedWriter struct {
	mu *sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// TestPlainS3DeleteHidesNothing: a DELETE without a version id (any S3
// client with the bucket's credentials, `mc rm`, a lifecycle rule) of every
// key of an issued document, and a forged later version of its manifest,
// change nothing vanthu serves; vanthu check reports each of them.
func TestPlainS3DeleteHidesNothing(t *testing.T) {
	minio, _, vars := engines(t)
	cfg := testConfig(t, vars...)
	ts := startServer(t, cfg)
	doc := ts.document("signer", "POST", "/api/v1/documents", noticeRequest(t, true, nil), 201)
	id, number := doc.ID, doc.Number
	_, before, _ := ts.do("viewer", "GET", "/api/v1/documents/"+id+"/docx", nil)

	client, err := miniogo.New(minio.Endpoint(), &miniogo.Options{Creds: credentials.NewStaticV4(minio.AccessKey(), minio.SecretKey(), "")})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	var keys []string
	for oi := range client.ListObjects(ctx, "vanthu-e2e", miniogo.ListObjectsOptions{Recursive: true}) {
		if oi.Err != nil {
			t.Fatal(oi.Err)
		}
		if strings.Contains(oi.Key, id) || strings.HasPrefix(oi.Key, "register/") || strings.HasPrefix(oi.Key, "audit/") {
			keys = append(keys, oi.Key)
		}
	}
	if len(keys) < 5 {
		t.Fatalf("keys of the issued document: %v", keys)
	}
	for _, k := range keys {
		if err := client.RemoveObject(ctx, "vanthu-e2e", k, miniogo.RemoveObjectOptions{}); err != nil {
			t.Fatalf("plain delete of %s: %v", k, err)
		}
	}
	forged := []byte(`{"id":"` + id + `","status":"draft","title":"giả mạo"}`)
	manifest := "docs/" + id + "/r0001/manifest.json"
	if _, err := client.PutObject(ctx, "vanthu-e2e", manifest, bytes.NewReader(forged), int64(len(forged)), miniogo.PutObjectOptions{}); err != nil {
		t.Fatalf("forged version: %v", err)
	}

	got := ts.document("viewer", "GET", "/api/v1/documents/"+id, nil, 200)
	if got.Number != number || got.Status != "issued" {
		t.Errorf("after the deletes: %v %v, want %s issued", got.Number, got.Status, number)
	}
	if _, after, _ := ts.do("viewer", "GET", "/api/v1/documents/"+id+"/docx", nil); !bytes.Equal(before, after) {
		t.Error("the DOCX served changed")
	}
	if v := ts.jsonDo("viewer", "GET", "/api/v1/documents/"+id+"/verify", nil, 200); v["valid"] != true {
		t.Errorf("verify after the deletes: %v", v)
	}
	reg := ts.register("clerk", "/api/v1/register?issuer=TU&type=TB")
	if reg.Total != 1 {
		t.Errorf("register after the deletes: %v", reg)
	}
	ok, rep := runCheck(t, cfg)
	if ok {
		t.Fatal("vanthu check is clean after plain deletes of archived keys")
	}
	reported := map[string]bool{}
	for _, p := range rep.Problems {
		if strings.Contains(p.What, "changed outside vanthu") {
			reported[p.Key] = true
		}
	}
	for _, k := range keys {
		if !reported[k] {
			t.Errorf("vanthu check does not report the delete marker on %s", k)
		}
	}
	if len(rep.Problems) != len(keys) {
		t.Errorf("check found %d problems for %d changed keys: %+v", len(rep.Problems), len(keys), rep.Problems)
	}
	if rep.Issued != 1 || rep.Signatures != 1 {
		t.Errorf("check no longer sees the document: %+v", rep)
	}
}
