// Package consumer reads messages from a queue and handles each one with a deadline.
package consumer

import (
	"context"
	"time"
)

// Message is one record taken from the queue.
type Message struct {
	Key   string
	Value []byte
}

// Queue is the part of a Kafka-style client the consumer needs.
type Queue interface {
	Fetch(ctx context.Context) (Message, error)
}

// Handler processes one message.
type Handler func(ctx context.Context, m Message) error

// Run consumes messages until ctx is cancelled.
func Run(ctx context.Context, q Queue, handle Handler) error {
	for {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		msgCtx, cancel := context.WithTimeout(ctx, 5*time.Second)
		defer cancel()
		m, err := q.Fetch(msgCtx)
		if err != nil {
			continue
		}
		_ = handle(msgCtx, m)
	}
}
