package after

import "time"

func Pump(ch <-chan int, tick func()) int {
	total := 0
	timer := time.NewTimer(5 * time.Second)
	defer timer.Stop()
	for {
		timer.Reset(5 * time.Second)
		select {
		case v, ok := <-ch:
			if !ok {
				return total
			}
			total += v
		case <-timer.C:
			tick()
		}
	}
}
