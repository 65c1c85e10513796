// Command congvu ingests the logs a Vietnamese province keeps about its public
// services (one-stop dossiers, counter cameras, citizen surveys) into an embedded
// DuckDB store and writes Excel workbooks of indicators. Run `congvu --help`.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

// Exit codes.
const (
	exitOK       = 0 // everything ingested and written
	exitFailure  = 1 // a file or the store failed
	exitUsage    = 2 // bad flags or arguments
	exitRejected = 3 // finished, but some rows were rejected
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run executes the command line args and returns the exit code.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	cmd := newRoot(stdout, stderr)
	cmd.SetArgs(args)
	err := cmd.ExecuteContext(ctx)
	if err == nil {
		return exitOK
	}
	var ec exitError
	if asExit(err, &ec) {
		if ec.err != nil {
			fmt.Fprintln(stderr, "congvu:", ec.err)
		}
		return ec.code
	}
	fmt.Fprintln(stderr, "congvu:", err)
	if isUsage(err) {
		return exitUsage
	}
	return exitFailure
}
