package before

import "fmt"

func Key(user string, id int) string {
	return fmt.Sprintf("user=%s,id=%d", user, id) // want "fmt-on-hot-path"
}
