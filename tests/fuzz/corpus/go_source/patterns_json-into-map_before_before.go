package before

import "encoding/json"

func Decode(raw []byte) (map[string]interface{}, error) {
	var m map[string]interface{}
	err := json.Unmarshal(raw, &m) // want "json-into-map"
	return m, err
}
