FROM ruby:3.3
WORKDIR /srv
COPY Gemfile Gemfile.lock ./
RUN gem install bundler
RUN bundle install
COPY . .
CMD ["bundle", "exec", "puma"]
