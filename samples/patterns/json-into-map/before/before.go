package before

import "encoding/json"

// Only the keys "name" and "id" are read: a struct decodes them without a map.
func Name(raw []byte) (string, error) {
	var m map[string]interface{}
	err := json.Unmarshal(raw, &m) // want "json-into-map"
	if err != nil {
		return "", err
	}
	name, _ := m["name"].(string)
	id, _ := m["id"].(float64)
	if id == 0 {
		return "", nil
	}
	return name, nil
}

// The whole map is handed to the caller: its keys are not known here.
func Decode(raw []byte) (map[string]interface{}, error) {
	var m map[string]interface{}
	err := json.Unmarshal(raw, &m) // held "dynamic-keys"
	return m, err
}
