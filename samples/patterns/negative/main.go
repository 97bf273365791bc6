// PLAYBOOK §16: code where no suggestion may appear. Each line marked with a
// held comment must carry a finding whose pattern matched but whose
// suggestion that rule withheld.
package main

import (
	"fmt"
	"os"
	"regexp"

	"example.com/patterns/negative/lib"
)

var startupRe = regexp.MustCompile(`^[a-z]+$`)

func init() {
	fmt.Println(fmt.Sprintf("starting %d", len(os.Args))) // held "init"
}

func main() {
	name := fmt.Sprintf("%s-%d", os.Args[0], len(os.Args)) // held "main-startup"
	fmt.Println(name, startupRe.MatchString(name), lib.MustPositive(len(os.Args)))
	_, err := lib.Check(-1)
	fmt.Println(err, lib.NewBig(), lib.NewHolder(), lib.NewGuard())
}
