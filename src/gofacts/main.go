// Command gofacts prints typed facts about Go packages for goescape: the
// functions the compiler generates for each package (named as the compiler and
// pprof name them), the expressions escape analysis can report (at the
// positions the compiler prints), what each function does with its pointer
// parameters, loops, and the types involved. It gives facts, never advice.
//
// Usage:
//
//	gofacts [-go GO] [-C DIR] [-tags TAGS] [-tests] [-cache DIR] [--] PACKAGES...
//
// The output is one JSON object per line: one per package as soon as it is
// checked, then {"done": true, ...}. FACTS.md in this directory is the
// contract with goescape.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"runtime/pprof"
)

// options are the command-line settings.
type options struct {
	goCmd    string   // the go binary
	dir      string   // run as if started here
	tags     string   // build tags
	tests    bool     // also _test.go files
	cacheDir string   // the facts cache (cache.go); empty: none
	patterns []string // package patterns
}

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run is main without the process: it parses args, writes facts to stdout and
// problems to stderr, and returns the exit status.
func run(args []string, stdout, stderr io.Writer) int {
	opts, err := parseArgs(args, stderr)
	if err != nil {
		return 2
	}
	// The helper lives for a second and keeps what it builds: collecting
	// garbage less often saves a third of its CPU time for some more memory.
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
	// A CPU profile helps keep the helper well inside goescape's time budget;
	// it is an environment variable so that the flags stay the contract's.
	if path := os.Getenv("GOFACTS_CPUPROFILE"); path != "" {
		f, err := os.Create(path)
		if err != nil {
			fmt.Fprintln(stderr, "gofacts:", err)
			return 1
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			fmt.Fprintln(stderr, "gofacts:", err)
			return 1
		}
		defer pprof.StopCPUProfile()
	}
	if err := check(opts, stdout, stderr); err != nil {
		fmt.Fprintln(stderr, "gofacts:", err)
		return 1
	}
	return 0
}

func parseArgs(args []string, stderr io.Writer) (options, error) {
	var opts options
	fs := flag.NewFlagSet("gofacts", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&opts.goCmd, "go", "go", "the go `binary` to run go list with")
	fs.StringVar(&opts.dir, "C", "", "run as if started in `dir`")
	fs.StringVar(&opts.tags, "tags", "", "build `tags`, as for go build")
	fs.BoolVar(&opts.tests, "tests", false, "also check the _test.go files")
	fs.StringVar(&opts.cacheDir, "cache", "", "reuse and keep packages' facts in `dir`")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: gofacts [-go GO] [-C DIR] [-tags TAGS] [-tests] [-cache DIR] [--] PACKAGES...")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return opts, err
	}
	opts.patterns = fs.Args()
	if len(opts.patterns) == 0 {
		opts.patterns = []string{"./..."}
	}
	return opts, nil
}
