package after

import "encoding/json"

func Name(raw []byte) (string, error) {
	var m struct {
		Name string  `json:"name"`
		ID   float64 `json:"id"`
	}
	if err := json.Unmarshal(raw, &m); err != nil {
		return "", err
	}
	if m.ID == 0 {
		return "", nil
	}
	return m.Name, nil
}
