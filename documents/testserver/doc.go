// Package testserver runs real server processes (MinIO, Meilisearch) for
// tests, on free 127.0.0.1 ports and in temporary directories, and stops
// them when the test ends, pass or fail.
//
// A [Spec] says how to run one kind of server: the binary's environment
// variable, the command line, a readiness probe and a check that the server
// answering is the one just started. [Start] does the rest, the same way
// for every server:
//
//   - Without the binary the test is skipped, or fails when CI=true, so
//     CI cannot pass without the server tests.
//   - A port found free may be taken by another test process before the
//     server binds it, and the readiness probe is then answered by that
//     other server. The credential check ([Spec.Ours]) catches this; Start
//     then tries again on other ports, in a fresh directory since the failed
//     start may have begun to fill the old one (three attempts).
//   - On Linux the server runs in its own process group (killed as a group)
//     with a parent-death signal, so it dies with a killed test binary. That
//     signal fires when the OS thread that forked the child ends, not the
//     process, and Go ends a thread when a goroutine locked to it returns.
//     Each server is therefore forked from a goroutine locked to a thread of
//     its own, which stays blocked in Wait for as long as the server runs:
//     stopping one server can never end the thread that forked another.
//   - The directories of all attempts are made before the cleanup that stops
//     the server is registered, so they are removed after it stopped.
//
// [Start] and the wrappers built on it fail the test with t.Fatal and must be
// called from the test's goroutine. The methods of a [Server] (Start, Stop,
// Running, Output) never touch the test: they return errors and are safe
// for concurrent use from any goroutine.
package testserver
