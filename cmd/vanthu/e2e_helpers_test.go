package main

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"vanthu/api"
	"vanthu/documents"
	"vanthu/documents/role"
)

// testServer is a real vanthu on a free loopback port.
type testServer struct {
	t      testing.TB
	base   string
	cfg    Config
	tokens map[string]string // role name → token
	stop   func()
}

// testConfig is the embedded default in a temporary data directory,
// with vars (name, value, name, value, …) set over it. The configuration
// is a value: nothing is read from or written to the environment, so tests
// may run in parallel.
func testConfig(t testing.TB, vars ...string) Config {
	t.Helper()
	cfg, err := configOf(t.TempDir(), vars...)
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

// testEnv is the environment a command that reads its configuration from
// the environment by design (vanthu check, verify, reindex) is given in the
// tests: variables by name, passed as a lookup function, so that no test
// changes the environment of the process.
type testEnv map[string]string

// newTestEnv is the environment of the embedded default in dataDir with
// vars (name, value, …) set over it; the PDF features are off unless vars
// turn them on.
func newTestEnv(dataDir string, vars ...string) (testEnv, error) {
	if len(vars)%2 != 0 {
		return nil, fmt.Errorf("newTestEnv: odd number of name/value arguments")
	}
	env := testEnv{"VANTHU_DATA_DIR": dataDir, "VANTHU_INDEX_RETRY": "100ms", "VANTHU_PDF": string(PDFOff)}
	for i := 0; i < len(vars); i += 2 {
		env[vars[i]] = vars[i+1]
	}
	return env, nil
}

// envOf is newTestEnv in a temporary data directory.
func envOf(t testing.TB, vars ...string) testEnv {
	t.Helper()
	env, err := newTestEnv(t.TempDir(), vars...)
	if err != nil {
		t.Fatal(err)
	}
	return env
}

// lookup is os.LookupEnv for the variables of env.
func (env testEnv) lookup(name string) (string, bool) {
	v, ok := env[name]
	return v, ok
}

// with returns a copy of env with name set to value.
func (env testEnv) with(name, value string) testEnv {
	c := maps.Clone(env)
	c[name] = value
	return c
}

// config is the configuration a command reads from env.
func (env testEnv) config(t testing.TB) Config {
	t.Helper()
	cfg, err := ConfigFrom(env.lookup)
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

// configOf is the configuration of the embedded default in dataDir with
// vars (name, value, …) set over it; the PDF features are off unless vars
// turn them on.
func configOf(dataDir string, vars ...string) (Config, error) {
	env, err := newTestEnv(dataDir, vars...)
	if err != nil {
		return Config{}, fmt.Errorf("configOf: %w", err)
	}
	return ConfigFrom(env.lookup)
}

// startServer runs serve() on a free port with one token per role.
func startServer(t testing.TB, cfg Config) *testServer {
	t.Helper()
	ts := &testServer{t: t, cfg: cfg, tokens: map[string]string{}}
	if _, err := os.Stat(cfg.TokensFile); err != nil {
		for _, p := range []struct{ name, role, clearance string }{
			{"admin", string(role.Admin), "TUYỆT MẬT"},
			{"signer", string(role.Signer), "MẬT"},
			{"clerk", string(role.Clerk), ""},
			{"viewer", string(role.Viewer), ""},
			{"secret-viewer", string(role.Viewer), "TUYỆT MẬT"},
		} {
			tok, err := api.AddToken(cfg.TokensFile, p.name, p.role, p.clearance)
			if err != nil {
				t.Fatal(err)
			}
			ts.tokens[p.name] = tok
		}
	}
	ts.start()
	return ts
}

// start runs serve() again on a free port; failures fail ts's test, so it
// is called from that test's goroutine.
func (ts *testServer) start() {
	ts.t.Helper()
	ts.startOn(ts.t)
}

// restart stops the server and starts it again, failing t (a subtest or
// sub-benchmark of ts's test, on its own goroutine) when it cannot start.
func (ts *testServer) restart(t testing.TB) {
	t.Helper()
	ts.shutdown()
	ts.startOn(t)
}

// startOn is start reporting its failures to t; the server is still
// stopped when ts's test ends, and an error of serve fails that test.
func (ts *testServer) startOn(t testing.TB) {
	t.Helper()
	owner := ts.t
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ts.base = "http://" + ln.Addr().String()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	// Errors only: an unexpected 5xx shows its cause in the test output.
	level := slog.LevelError
	if testing.Verbose() {
		level = slog.LevelWarn
	}
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level}))
	cfg := ts.cfg
	go func() { done <- serve(ctx, cfg, log, ln) }()
	ts.stop = func() {
		cancel()
		if err := <-done; err != nil {
			owner.Errorf("serve: %v", err)
		}
	}
	owner.Cleanup(func() {
		if ts.stop != nil {
			ts.stop()
			ts.stop = nil
		}
	})
	deadline := time.Now().Add(60 * time.Second)
	for {
		resp, err := http.Get(ts.base + "/healthz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return
			}
		}
		select {
		case err := <-done:
			t.Fatalf("server exited: %v", err)
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("server did not start: %v", err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func (ts *testServer) shutdown() {
	if ts.stop != nil {
		ts.stop()
		ts.stop = nil
	}
}

// on returns the server as seen by test t: the helpers of the copy
// report to t. A subtest uses ts.on(t), never the parent's helpers.
func (ts *testServer) on(t testing.TB) *testServer {
	c := *ts
	c.t = t
	return &c
}

// do sends a request as the named role ("" = no token) and returns the
// status and body; a request that cannot be sent fails the test. Only for
// the goroutine of ts's test: other goroutines use try.
func (ts *testServer) do(role, method, path string, body []byte, header ...string) (int, []byte, http.Header) {
	ts.t.Helper()
	code, b, h, err := ts.try(role, method, path, body, header...)
	if err != nil {
		ts.t.Fatal(err)
	}
	return code, b, h
}

// try is do that returns its error instead of failing a test, so it may
// run on any goroutine.
func (ts *testServer) try(role, method, path string, body []byte, header ...string) (int, []byte, http.Header, error) {
	req, err := http.NewRequest(method, ts.base+path, bytes.NewReader(body))
	if err != nil {
		return 0, nil, nil, err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	if role != "" {
		req.Header.Set("Authorization", "Bearer "+ts.tokens[role])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, nil, nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return 0, nil, nil, fmt.Errorf("%s %s: read the answer: %w", method, path, err)
	}
	return resp.StatusCode, b, resp.Header, nil
}

// jsonDo is do with a JSON answer decoded into a map, checking the status;
// for the answers that have no type of the API's own.
func (ts *testServer) jsonDo(role, method, path string, body []byte, want int) map[string]any {
	ts.t.Helper()
	return doAs[map[string]any](ts, role, method, path, body, want)
}

// doAs is do with the JSON answer decoded into a T, checking the status.
// A field of the answer that T does not have fails the test: T is the
// API's type of that answer. Only for the goroutine of ts's test.
func doAs[T any](ts *testServer, role, method, path string, body []byte, want int) T {
	ts.t.Helper()
	code, b, _ := ts.do(role, method, path, body)
	if code != want {
		ts.t.Fatalf("%s %s: status %d, want %d: %s", method, path, code, want, b)
	}
	var v T
	if len(b) > 0 {
		dec := json.NewDecoder(bytes.NewReader(b))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&v); err != nil {
			ts.t.Fatalf("%s %s: not the JSON of a %T: %v: %s", method, path, v, err, b)
		}
		if _, err := dec.Token(); err != io.EOF {
			ts.t.Fatalf("%s %s: data after the JSON answer: %s", method, path, b)
		}
	}
	return v
}

// document sends a request whose answer is a document (create, read,
// update, issue) and decodes it.
func (ts *testServer) document(role, method, path string, body []byte, want int) api.Document {
	ts.t.Helper()
	return doAs[api.Document](ts, role, method, path, body, want)
}

// search runs a search (path is /api/v1/documents?…) that must answer 200.
func (ts *testServer) search(role, path string) api.SearchResult {
	ts.t.Helper()
	return doAs[api.SearchResult](ts, role, "GET", path, nil, 200)
}

// register reads the register (path is /api/v1/register?…), which must
// answer 200.
func (ts *testServer) register(role, path string) api.Register {
	ts.t.Helper()
	return doAs[api.Register](ts, role, "GET", path, nil, 200)
}

// hitIDs lists the ids of a search answer in order.
func hitIDs(res api.SearchResult) []string {
	ids := make([]string, 0, len(res.Hits))
	for _, h := range res.Hits {
		ids = append(ids, h.ID)
	}
	return ids
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// exampleRequest reads an example request body from templates/examples/.
func exampleRequest(t testing.TB, name string) map[string]any {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "templates", "examples", name))
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

func mustJSON(t testing.TB, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// checkDOCX opens a DOCX, checks every XML part is well-formed with nothing
// after its root element, and returns the visible text of the body.
func checkDOCX(t *testing.T, b []byte) string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatalf("docx is not a zip: %v", err)
	}
	for _, f := range zr.File {
		if !strings.HasSuffix(f.Name, ".xml") && !strings.HasSuffix(f.Name, ".rels") {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, _ := io.ReadAll(rc)
		rc.Close()
		if err := wellFormed(data); err != nil {
			t.Fatalf("%s is not well-formed: %v", f.Name, err)
		}
	}
	text, err := documents.VisibleText(b)
	if err != nil {
		t.Fatal(err)
	}
	return text
}

func wellFormed(data []byte) error {
	dec := xml.NewDecoder(bytes.NewReader(data))
	depth, roots := 0, 0
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			if depth == 0 {
				roots++
			}
			depth++
		case xml.EndElement:
			depth--
		case xml.CharData:
			if depth == 0 && len(bytes.TrimSpace(tok)) > 0 {
				return fmt.Errorf("text outside the root element")
			}
		}
	}
	if roots != 1 {
		return fmt.Errorf("%d root elements", roots)
	}
	return nil
}
