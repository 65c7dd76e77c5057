// The curve of Go's libvirtxml in a fresh process, the twin of CurveBenchmark's Java child: the
// same document read (Unmarshal) and written (Marshal) over and over, timed per document, then a
// steady rate after 10 s of work. Prints one line of key=value figures in microseconds.
package main

import (
	"fmt"
	"os"
	"sort"
	"time"

	"libvirt.org/go/libvirtxml"
)

func readWrite(data string) int {
	var s libvirtxml.DomainSnapshot
	if err := s.Unmarshal(data); err != nil {
		fmt.Fprintln(os.Stderr, "unmarshal:", err)
		os.Exit(1)
	}
	out, err := s.Marshal()
	if err != nil {
		fmt.Fprintln(os.Stderr, "marshal:", err)
		os.Exit(1)
	}
	return len(out)
}

func mean(t []time.Duration) float64 {
	var sum time.Duration
	for _, d := range t {
		sum += d
	}
	return float64(sum.Nanoseconds()) / 1000 / float64(len(t))
}

func main() {
	if len(os.Args) != 4 {
		fmt.Fprintln(os.Stderr, "usage: curve FILE WARM-SECONDS MEASURE-SECONDS")
		os.Exit(2)
	}
	start := time.Now()
	bytes, err := os.ReadFile(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	var warm, measure time.Duration
	fmt.Sscan(os.Args[2], &warm)
	fmt.Sscan(os.Args[3], &measure)
	warm *= time.Second
	measure *= time.Second
	data := string(bytes)
	t := make([]time.Duration, 10000)
	sink := 0
	for i := range t {
		s := time.Now()
		if i == 0 {
			s = start
		}
		sink += readWrite(data)
		t[i] = time.Since(s)
	}
	for time.Since(start) < warm {
		sink += readWrite(data)
	}
	var batches []float64
	end := time.Now().Add(measure)
	for time.Now().Before(end) {
		s := time.Now()
		n := 0
		for time.Since(s) < 100*time.Millisecond {
			sink += readWrite(data)
			n++
		}
		batches = append(batches, float64(time.Since(s).Nanoseconds())/1000/float64(n))
	}
	sort.Float64s(batches)
	fmt.Printf("first=%.1f r2_100=%.1f r101_1000=%.1f r1001_10000=%.1f steady=%.1f sink=%d\n",
		float64(t[0].Nanoseconds())/1000, mean(t[1:100]), mean(t[100:1000]), mean(t[1000:10000]),
		batches[len(batches)/2], sink%7)
}
