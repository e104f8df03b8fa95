// Command leaky-service counts lines in the files named on its command line.
package main

import (
	"fmt"
	"os"

	"example.com/leaky-service/internal/store"
)

func main() {
	var c store.Counter
	if err := c.CountLines(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Println(c.Total())
}
