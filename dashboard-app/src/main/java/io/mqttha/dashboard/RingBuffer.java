package io.mqttha.dashboard;

import java.util.ArrayList;
import java.util.List;

/**
 * A fixed-capacity buffer that overwrites its oldest element, so a chart series kept for an hour of
 * running costs the same memory as one kept for a minute. Not thread-safe: the view-model owns it on one
 * thread.
 *
 * @param <T> the element type
 */
public final class RingBuffer<T> {

    private final Object[] elements;
    private int start;
    private int size;

    /**
     * An empty buffer.
     *
     * @param capacity how many elements it keeps, at least 1
     */
    public RingBuffer(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("A ring buffer needs a capacity of at least 1, not " + capacity);
        }
        elements = new Object[capacity];
    }

    /**
     * Appends an element, dropping the oldest when full.
     *
     * @param element the element
     */
    public void add(T element) {
        if (size < elements.length) {
            elements[(start + size) % elements.length] = element;
            size++;
        } else {
            elements[start] = element;
            start = (start + 1) % elements.length;
        }
    }

    /**
     * The element at a position, oldest first.
     *
     * @param index 0 for the oldest kept element
     * @return the element
     * @throws IndexOutOfBoundsException outside 0 … size-1
     */
    @SuppressWarnings("unchecked")
    public T get(int index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException("Index " + index + " outside a ring buffer of " + size);
        }
        return (T) elements[(start + index) % elements.length];
    }

    /**
     * The newest element.
     *
     * @return the element added last
     * @throws IndexOutOfBoundsException when empty
     */
    public T last() {
        return get(size - 1);
    }

    /**
     * How many elements are kept.
     *
     * @return at most {@link #capacity()}
     */
    public int size() {
        return size;
    }

    /**
     * The most elements kept.
     *
     * @return the capacity given at construction
     */
    public int capacity() {
        return elements.length;
    }

    /**
     * A copy of the elements, oldest first.
     *
     * @return a new list
     */
    public List<T> toList() {
        List<T> copy = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            copy.add(get(i));
        }
        return copy;
    }
}
