package report

import (
	"sort"

	"giamsat/db"
)

func sortByName[T any](list []T, name func(T) string) {
	folded := make(map[string]string, len(list))
	for _, x := range list {
		folded[name(x)] = db.Fold(name(x))
	}
	sortSlice(list, func(a, c T) bool { return folded[name(a)] < folded[name(c)] })
}

func sortSlice[T any](list []T, less func(a, b T) bool) {
	sort.SliceStable(list, func(i, j int) bool { return less(list[i], list[j]) })
}
