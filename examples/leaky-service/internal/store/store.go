// Package store loads and counts records kept in files.
package store

import (
	"bufio"
	"os"
	"sync"
)

// Counter counts lines across files.
type Counter struct {
	mu    sync.Mutex
	total int
}

// CountLines adds the number of lines in each file to the counter.
func (c *Counter) CountLines(paths []string) error {
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			return err
		}
		defer f.Close()
		sc := bufio.NewScanner(f)
		n := 0
		for sc.Scan() {
			n++
		}
		c.add(n)
	}
	return nil
}

func (c *Counter) add(n int) {
	c.mu.Lock()
	c.total += n
	c.mu.Unlock()
}

// AddAll adds every value under the lock, one at a time.
func (c *Counter) AddAll(values []int) {
	for _, v := range values {
		c.mu.Lock()
		defer c.mu.Unlock()
		c.total += v
	}
}

// Total returns the running total.
func (c *Counter) Total() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.total
}
