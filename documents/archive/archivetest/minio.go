package archivetest

import (
	"context"
	"crypto/rand"
	"fmt"
	"net/http"
	"path/filepath"
	"strings"
	"testing"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"

	"vanthu/documents/testserver"
)

// MinIOEnv names the environment variable holding the path of the MinIO
// server binary used by [StartMinIO].
const MinIOEnv = "VANTHU_TEST_MINIO_BIN"

// MinIOServer is a MinIO server process owned by a test, listening on
// 127.0.0.1 with single-drive storage in a temporary directory. It supports
// versioning, object lock, legal hold and checksums. Its methods are safe
// for concurrent use from any goroutine.
type MinIOServer struct {
	*testserver.Server
	accessKey, secretKey string
}

// StartMinIO starts a MinIO server and stops it when tb ends. The binary
// comes from VANTHU_TEST_MINIO_BIN; when it is unset or missing the test is
// skipped, or fails if CI=true. Starting takes about a second, so share one
// server per package and give each test its own bucket. Call it from the
// test's goroutine.
func StartMinIO(tb testing.TB) *MinIOServer {
	tb.Helper()
	return startMinIO(tb, nil)
}

// startMinIO is StartMinIO with the addresses of each attempt (API, console)
// chosen by pick, or free ports when pick is nil.
func startMinIO(tb testing.TB, pick func() ([]string, error)) *MinIOServer {
	tb.Helper()
	s := &MinIOServer{
		accessKey: "vanthu-" + strings.ToLower(rand.Text()[:8]),
		secretKey: rand.Text(),
	}
	s.Server = testserver.Start(tb, testserver.Spec{
		Name:    "MinIO",
		BinEnv:  MinIOEnv,
		Addrs:   2,
		Subdirs: []string{"data", "certs"},
		Pick:    pick,
		Command: func(addrs []string, dir string) ([]string, []string) {
			return []string{"server", filepath.Join(dir, "data"),
					"--address", addrs[0], "--console-address", addrs[1],
					"--certs-dir", filepath.Join(dir, "certs"), "--quiet"},
				[]string{
					"MINIO_ROOT_USER=" + s.accessKey,
					"MINIO_ROOT_PASSWORD=" + s.secretKey,
					"MINIO_BROWSER=off",
					"MINIO_UPDATE=off",
					"MINIO_CI_CD=1",
				}
		},
		Ready: func(ctx context.Context, addrs []string) bool {
			return httpOK(ctx, "http://"+addrs[0]+"/minio/health/ready")
		},
		Ours: s.checkOurs,
	})
	return s
}

// checkOurs makes sure the server answering accepts this server's
// credentials.
func (s *MinIOServer) checkOurs(ctx context.Context, addrs []string) error {
	client, err := minio.New(addrs[0], &minio.Options{Creds: credentials.NewStaticV4(s.accessKey, s.secretKey, "")})
	if err != nil {
		return err
	}
	_, err = client.ListBuckets(ctx)
	if resp := minio.ToErrorResponse(err); resp.Code == "InvalidAccessKeyId" || resp.Code == "SignatureDoesNotMatch" {
		return fmt.Errorf("%w: it refuses this server's credentials (%s)", testserver.ErrNotOurs, resp.Code)
	}
	return err
}

// httpOK reports whether a GET of url answers 200.
func httpOK(ctx context.Context, url string) bool {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return false
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return false
	}
	resp.Body.Close()
	return resp.StatusCode == http.StatusOK
}

// Endpoint is the server's host:port, as minio.New expects it.
func (s *MinIOServer) Endpoint() string { return s.Addrs()[0] }

// AccessKey is the root user's access key.
func (s *MinIOServer) AccessKey() string { return s.accessKey }

// SecretKey is the root user's secret key.
func (s *MinIOServer) SecretKey() string { return s.secretKey }
