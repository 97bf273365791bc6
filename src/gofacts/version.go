package main

// The Go release whose conventions (function names, positions) the facts
// follow: the one that built the helper, which goescape builds with the
// toolchain that compiles the user's code.

import (
	"strconv"
	"strings"
)

// latestRelease is assumed for a version string that names no release.
const latestRelease = 27

// goRelease returns the minor release of a Go version string: 26 for
// "go1.26.8", "go1.26rc1" or "devel go1.26-abcdef ...".
func goRelease(version string) int {
	i := strings.Index(version, "go1.")
	if i < 0 {
		return latestRelease
	}
	digits := version[i+len("go1."):]
	n := 0
	for n < len(digits) && digits[n] >= '0' && digits[n] <= '9' {
		n++
	}
	release, err := strconv.Atoi(digits[:n])
	if err != nil {
		return latestRelease
	}
	return release
}

// majorMinor trims a go.mod version to the language version go/types takes:
// "1.22.3" -> "1.22", "1.21rc2" -> "1.21".
func majorMinor(v string) string {
	parts := strings.SplitN(v, ".", 3)
	if len(parts) < 2 {
		return v
	}
	minor := parts[1]
	n := 0
	for n < len(minor) && minor[n] >= '0' && minor[n] <= '9' {
		n++
	}
	return parts[0] + "." + minor[:n]
}
