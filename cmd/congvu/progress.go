package main

import (
	"io"
	"os"
	"sync/atomic"
	"time"

	"github.com/vbauerster/mpb/v8"
	"github.com/vbauerster/mpb/v8/decor"
	"golang.org/x/term"
)

// progress draws one bar per file on a terminal.
type progress struct {
	p *mpb.Progress
}

// newProgress returns nil when w is not a terminal: then congvu stays quiet.
func newProgress(w io.Writer) *progress {
	f, ok := w.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return nil
	}
	return &progress{p: mpb.New(mpb.WithOutput(w), mpb.WithRefreshRate(150*time.Millisecond))}
}

// Start adds a bar for a file; done completes it.
func (p *progress) Start(name string, total int64, counter *atomic.Int64) func() {
	bar := p.p.AddBar(total,
		mpb.PrependDecorators(decor.Name(name, decor.WC{C: decor.DindentRight | decor.DextraSpace})),
		mpb.AppendDecorators(decor.CountersKibiByte("% .1f / % .1f"), decor.Percentage(decor.WCSyncSpace)))
	stop := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		t := time.NewTicker(100 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-t.C:
				bar.SetCurrent(counter.Load())
			case <-stop:
				return
			}
		}
	}()
	return func() {
		close(stop)
		<-finished
		bar.SetTotal(-1, true)
	}
}

func (p *progress) wait() { p.p.Wait() }
