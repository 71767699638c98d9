// Package archivetest holds the conformance suite every [archive.Archive]
// driver runs, and helpers to run the drivers against real servers.
//
// A driver test calls [Run] with a constructor that returns a fresh, empty
// archive for each subtest:
//
//	func TestConformance(t *testing.T) {
//		archivetest.Run(t, func(t *testing.T) archive.Archive {
//			a, err := fsarchive.Open(t.TempDir())
//			if err != nil {
//				t.Fatal(err)
//			}
//			t.Cleanup(func() { a.Close() })
//			return a
//		})
//	}
//
// The suite covers the contract documented on [archive.Archive]: write once
// (also under concurrent creates), checksums, not-found and invalid-key
// errors, Walk order, protected deletes, context cancellation and large
// objects. Drivers should not need their own tests for these semantics.
//
// # Faults
//
// [Faulty] wraps a driver and makes chosen writes fail, either before
// anything is written or after the write (the answer lost), once or every
// time. The suite checks what each leaves in the driver; the documents
// package runs every write of its issuing path under each fault on every
// driver to prove that no number is given twice and nothing is orphaned.
// [Failing] makes chosen listings and deletions fail with an error the
// test chooses.
//
// # Servers
//
// [StartMinIO] runs a real MinIO server from the binary named by the
// environment variable VANTHU_TEST_MINIO_BIN (.ci/install-servers.sh builds
// it and prints the variable). Without it the calling test is skipped, or
// fails when CI=true, so `go test ./...` passes on a machine with no servers
// while CI cannot silently skip the S3 driver. The process is run by
// [vanthu/documents/testserver], shared with the Meilisearch helper.
package archivetest
