package after

import "encoding/json"

type Event struct {
	ID string `json:"id"`
	Ts int64  `json:"ts"`
}

func Decode(raw []byte) (Event, error) {
	var ev Event
	err := json.Unmarshal(raw, &ev)
	return ev, err
}
