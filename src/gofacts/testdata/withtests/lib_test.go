package withtests

import "testing"

func init() {} // want func name=init.1

func TestDouble(t *testing.T) { // want func name=TestDouble test_helper=true
	t.Run("two", func(t *testing.T) { // want func name=TestDouble.func1 test_helper=true
		if Double(2) != 4 {
			t.Fatal("wrong")
		}
	})
}

func helper(tb testing.TB) {} // want func name=helper test_helper=true
