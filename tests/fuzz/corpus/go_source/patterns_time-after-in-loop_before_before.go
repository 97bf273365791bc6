package before

import "time"

func Pump(ch <-chan int, tick func()) int {
	total := 0
	for {
		select {
		case v, ok := <-ch:
			if !ok {
				return total
			}
			total += v
		case <-time.After(5 * time.Second): // want "time-after-in-loop"
			tick()
		}
	}
}
